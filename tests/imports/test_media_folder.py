"""import_wxr reads featured images from --media-dir and from nowhere else, links included."""

from pathlib import Path

import pytest

from imports.wordpress.media import ImageRefused, MediaFolder, load_image
from imports.wordpress.records import Attachment
from tests.factories import jpeg_file


def attachment(file: str = "", url: str = "") -> Attachment:
    return Attachment(url=url, file=file, title="", alt="", caption="")


@pytest.fixture
def folders(tmp_path) -> tuple[Path, Path]:
    """The uploads copy, and a private folder beside it holding an image of its own."""
    uploads = tmp_path / "uploads"
    (uploads / "2019" / "05").mkdir(parents=True)
    (uploads / "2019" / "05" / "market.jpg").write_bytes(jpeg_file().read())
    private = tmp_path / "private"
    private.mkdir()
    (private / "secret.jpg").write_bytes(jpeg_file().read())
    return uploads, private


def test_an_image_in_the_folder_is_found_by_path_and_by_name(folders):
    uploads, _ = folders
    media = MediaFolder(uploads)
    expected = (uploads / "2019" / "05" / "market.jpg").resolve()
    assert media.find(attachment("2019/05/market.jpg")) == expected
    assert media.find(attachment(url="https://old.example/wp-content/uploads/x/market.jpg")) == (
        expected
    )
    assert load_image(expected).size > 0


@pytest.mark.parametrize(
    "file",
    ["../private/secret.jpg", "/../private/secret.jpg", "2019/../../private/secret.jpg", "a\x00b"],
)
def test_a_path_leading_out_of_the_folder_finds_nothing(folders, file):
    uploads, _ = folders
    assert MediaFolder(uploads).find(attachment(file)) is None


def test_a_linked_file_pointing_outside_is_neither_found_by_path_nor_by_name(folders):
    uploads, private = folders
    (uploads / "2019" / "05" / "secret.jpg").symlink_to(private / "secret.jpg")
    media = MediaFolder(uploads)

    assert media.find(attachment("2019/05/secret.jpg")) is None
    assert media.find(attachment("elsewhere/secret.jpg")) is None  # the by-name index


def test_a_linked_folder_pointing_outside_is_not_entered(folders):
    uploads, private = folders
    (uploads / "2020").symlink_to(private, target_is_directory=True)
    media = MediaFolder(uploads)

    assert media.find(attachment("2020/secret.jpg")) is None
    assert media.find(attachment("other/secret.jpg")) is None


def test_a_link_to_a_file_inside_the_folder_is_followed(folders):
    uploads, _ = folders
    (uploads / "latest.jpg").symlink_to(uploads / "2019" / "05" / "market.jpg")
    found = MediaFolder(uploads).find(attachment("latest.jpg"))
    assert found == (uploads / "2019" / "05" / "market.jpg").resolve()


def test_a_file_swapped_for_a_link_after_the_check_is_refused(folders):
    uploads, private = folders
    found = MediaFolder(uploads).find(attachment("2019/05/market.jpg"))
    found.unlink()
    found.symlink_to(private / "secret.jpg")  # replaced between finding and reading

    with pytest.raises(ImageRefused):
        load_image(found)
