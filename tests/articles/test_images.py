import io
import os
import struct
import zlib
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.template import Context, Template
from PIL import ExifTags, Image, ImageCms

from articles.images import clean_image, make_renditions, validate_image_upload
from articles.models import Author
from articles.pictures import ImageSlot
from tests.factories import AuthorFactory

WIDTHS = (400, 800, 1200, 1600)
# The author's photo, rendered at the story widths so the tests see several sizes.
PHOTO = ImageSlot("photo", "photo_renditions", WIDTHS)


def encoded(image: Image.Image, image_format: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=image_format, **options)
    return buffer.getvalue()


def upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def noisy_jpeg(size: tuple[int, int] = (400, 300)) -> bytes:
    """A JPEG that does not compress to almost nothing, so half of it is missing real data."""
    return encoded(Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)), "JPEG")


def png_claiming_size(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims another size, as a decompression bomb's would."""
    data = bytearray(encoded(Image.new("L", (1, 1)), "PNG"))
    data[16:24] = struct.pack(">II", width, height)
    data[29:33] = struct.pack(">I", zlib.crc32(bytes(data[12:29])))
    return bytes(data)


def phone_photo(size: tuple[int, int] = (300, 200)) -> bytes:
    """A JPEG stored sideways (left half red, right half blue) as phones write them:
    orientation 6 means "turn 90° clockwise to view", so upright the red half is on top.
    It carries GPS, a camera make, a comment, XMP and a colour profile."""
    image = Image.new("RGB", size, "blue")
    image.paste("red", (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[ExifTags.Base.Orientation] = 6
    exif[ExifTags.Base.Make] = "PhoneCo"
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (38.0, 50.0, 1.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (104.0, 49.0, 12.0)
    return encoded(
        image,
        "JPEG",
        exif=exif,
        comment=b"Taken at 12 Elm Street",
        xmp=b'<x:xmpmeta xmlns:x="adobe:ns:meta/"/>',
        icc_profile=ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
    )


def refusal(file) -> str:
    with pytest.raises(ValidationError) as caught:
        validate_image_upload(file)
    return " ".join(caught.value.messages)


def opened(file) -> Image.Image:
    file.seek(0)
    return Image.open(io.BytesIO(file.read()))


# validate_image_upload


def test_a_real_jpeg_passes_and_is_left_at_the_start():
    photo = upload("photo.jpg", noisy_jpeg())
    photo.read(10)

    validate_image_upload(photo)

    assert photo.tell() == 0


def test_a_text_file_named_jpg_is_refused():
    message = refusal(upload("photo.jpg", b"Meeting notes, not a photo.\n" * 20))

    assert message == "This file is not an image we can read (JPEG, PNG, WebP or GIF)."


def test_an_image_in_another_format_is_refused_by_name_of_the_format():
    message = refusal(upload("photo.jpg", encoded(Image.new("RGB", (20, 20)), "BMP")))

    assert "This image is a BMP file; we accept JPEG, PNG, WebP or GIF." in message


def test_a_truncated_jpeg_is_refused():
    whole = noisy_jpeg()

    message = refusal(upload("photo.jpg", whole[: len(whole) // 2]))

    assert "damaged or incomplete" in message


def test_a_png_with_a_broken_checksum_is_refused():
    data = bytearray(encoded(Image.new("RGB", (50, 50), "red"), "PNG"))
    data[-20] ^= 0xFF  # inside the last data chunk

    assert "damaged or incomplete" in refusal(upload("chart.png", bytes(data)))


def test_an_upload_over_the_byte_limit_is_refused_before_it_is_read():
    data = b"\0" * int(16.2 * 1024 * 1024)  # not even an image: size is checked first

    message = refusal(upload("huge.jpg", data))

    assert message.startswith("This image is 16.2 MB; the limit is 15 MB.")


def test_the_byte_limit_comes_from_settings(settings):
    settings.IMAGE_MAX_UPLOAD_BYTES = 2 * 1024

    message = refusal(upload("photo.jpg", noisy_jpeg()))

    assert "; the limit is 2 KB." in message


def test_a_small_png_that_decodes_to_too_many_pixels_is_refused():
    bomb = encoded(Image.new("L", (8000, 6000)), "PNG")
    assert len(bomb) < 200_000  # small on disk: the danger is in decoding it

    message = refusal(upload("bomb.png", bomb))

    assert message.startswith(
        "This image is 8,000 × 6,000 pixels (48 megapixels); the limit is 40 megapixels."
    )


def test_a_png_header_claiming_too_many_pixels_is_refused_before_decoding():
    message = refusal(upload("bomb.png", png_claiming_size(10_000, 5_000)))

    assert message.startswith("This image is 10,000 × 5,000 pixels (50 megapixels)")


def test_pillows_own_decompression_bomb_error_is_a_refusal():
    # 400 megapixels: Pillow refuses to open it at all, so no size can be quoted.
    message = refusal(upload("bomb.png", png_claiming_size(20_000, 20_000)))

    assert "too many pixels to open safely; the limit is 40 megapixels." in message


def test_pillows_decompression_bomb_warning_is_a_refusal(settings):
    settings.IMAGE_MAX_PIXELS = 500_000_000  # above Pillow's own warning threshold

    message = refusal(upload("bomb.png", png_claiming_size(10_000, 10_000)))

    assert "too many pixels to open safely" in message


def test_the_pixel_limit_comes_from_settings(settings):
    settings.IMAGE_MAX_PIXELS = 1_000_000

    message = refusal(upload("photo.jpg", encoded(Image.new("RGB", (1200, 1000)), "JPEG")))

    assert message.startswith("This image is 1,200 × 1,000 pixels (1.2 megapixels)")


@pytest.mark.django_db
def test_an_image_already_in_storage_is_not_read_again():
    author = AuthorFactory(photo=upload("portrait.jpg", noisy_jpeg()))
    with default_storage.open(author.photo.name, "wb") as stored:
        stored.write(b"no longer an image")

    validate_image_upload(Author.objects.get(pk=author.pk).photo)  # would refuse if it read


# clean_image


def test_clean_image_turns_the_photo_upright_and_strips_all_metadata():
    source = Image.open(io.BytesIO(phone_photo()))
    assert source.getexif().get_ifd(ExifTags.IFD.GPSInfo)  # the test photo really has GPS

    cleaned = opened(clean_image(upload("photo.jpg", phone_photo((300, 200)))))

    assert cleaned.format == "JPEG"
    assert cleaned.size == (200, 300)
    assert cleaned.getpixel((100, 20))[0] > 200  # red on top
    assert cleaned.getpixel((100, 280))[2] > 200  # blue at the bottom
    assert not cleaned.getexif()
    assert not {"exif", "xmp", "comment", "icc_profile"} & set(cleaned.info)


def test_clean_image_keeps_the_name_and_reencodes_a_jpeg_progressively():
    cleaned = clean_image(upload("council-meeting.JPEG", noisy_jpeg()))

    assert cleaned.name == "council-meeting.JPEG"
    assert opened(cleaned).info.get("progressive")


def test_clean_image_keeps_png_transparency():
    image = Image.new("RGBA", (40, 30), (255, 0, 0, 0))
    image.info["exif"] = b""
    cleaned = clean_image(upload("logo.png", encoded(image, "PNG")))

    result = opened(cleaned)
    assert (cleaned.name, result.format, result.mode) == ("logo.png", "PNG", "RGBA")
    assert result.getpixel((0, 0))[3] == 0


def test_clean_image_stores_a_gif_as_png():
    gif = encoded(Image.new("P", (40, 30)), "GIF", comment=b"made at home")

    cleaned = clean_image(upload("map.gif", gif))

    assert cleaned.name == "map.png"
    assert opened(cleaned).format == "PNG"
    assert "comment" not in opened(cleaned).info


def test_clean_image_names_the_file_by_its_content_not_its_extension():
    png = encoded(Image.new("RGB", (40, 30)), "PNG")

    assert clean_image(upload("photo.jpg", png)).name == "photo.png"


def test_clean_image_keeps_webp_as_webp():
    webp = encoded(Image.new("RGB", (40, 30), "green"), "WEBP")

    cleaned = clean_image(upload("street.webp", webp))

    assert (cleaned.name, opened(cleaned).format) == ("street.webp", "WEBP")


# make_renditions, ImageSlot.before_save and after_save


@pytest.mark.django_db
def test_make_renditions_writes_both_formats_at_each_smaller_width():
    author = AuthorFactory(photo=upload("portrait.jpg", noisy_jpeg((1000, 500))))

    renditions = make_renditions(author.photo, WIDTHS)

    assert [(r["width"], r["height"]) for r in renditions] == [(400, 200), (800, 400)]
    stem = author.photo.name.removesuffix(".jpg")
    assert renditions[0]["webp"] == f"{stem}-400w.webp"
    assert renditions[0]["jpeg"] == f"{stem}-400w.jpg"
    for rendition in renditions:
        for image_format, key in (("WEBP", "webp"), ("JPEG", "jpeg")):
            with default_storage.open(rendition[key]) as stored:
                image = Image.open(stored)
                assert (image.format, image.size) == (
                    image_format,
                    (rendition["width"], rendition["height"]),
                )


@pytest.mark.django_db
def test_make_renditions_of_a_small_image_uses_its_own_width():
    author = AuthorFactory(photo=upload("portrait.jpg", noisy_jpeg((300, 200))))

    renditions = make_renditions(author.photo, WIDTHS)

    assert [(r["width"], r["height"]) for r in renditions] == [(300, 200)]


@pytest.mark.django_db
def test_make_renditions_again_replaces_the_same_files():
    author = AuthorFactory(photo=upload("portrait.jpg", noisy_jpeg((500, 400))))
    folder = os.path.dirname(author.photo.name)

    first = make_renditions(author.photo, WIDTHS)
    files_after_first = sorted(default_storage.listdir(folder)[1])
    second = make_renditions(author.photo, WIDTHS)

    assert first == second
    assert sorted(default_storage.listdir(folder)[1]) == files_after_first
    assert "portrait-400w.webp" in files_after_first and "portrait-400w.jpg" in files_after_first


@pytest.mark.django_db
def test_an_uploaded_author_photo_is_stored_clean_with_renditions():
    author = AuthorFactory.build(photo=upload("portrait.jpg", phone_photo((1800, 1000))))

    needs_renditions = PHOTO.before_save(author)
    models.Model.save(author)  # the row alone, without the model's own image slots
    if needs_renditions:
        PHOTO.after_save(author)

    assert needs_renditions
    assert (author.photo_width, author.photo_height) == (1000, 1800)
    with default_storage.open(author.photo.name) as stored:
        original = Image.open(stored)
        assert original.size == (1000, 1800)
        assert not original.getexif()
    saved = Author.objects.get(pk=author.pk)
    assert [r["width"] for r in saved.photo_renditions] == [400, 800]
    assert saved.photo_renditions == author.photo_renditions
    assert default_storage.exists(saved.photo_renditions[0]["webp"])


@pytest.mark.django_db
def test_saving_again_without_a_new_upload_needs_no_renditions():
    author = AuthorFactory(photo=upload("portrait.jpg", noisy_jpeg()))
    author = Author.objects.get(pk=author.pk)

    assert not PHOTO.before_save(author)


@pytest.mark.django_db
def test_removing_the_photo_clears_its_renditions():
    author = AuthorFactory(photo=upload("portrait.jpg", noisy_jpeg((500, 400))))
    PHOTO.after_save(author)
    assert author.photo_renditions

    author.photo = ""
    assert not PHOTO.before_save(author)
    author.save()
    PHOTO.after_save(author)

    assert Author.objects.get(pk=author.pk).photo_renditions == []


# {% picture %}


class Tags(HTMLParser):
    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def first(self, tag: str) -> dict:
        return next(attrs for name, attrs in self.tags if name == tag)


def render(template: str, **context) -> str:
    return Template("{% load images %}" + template).render(Context(context))


@pytest.fixture
def author_with_renditions(db):
    author = AuthorFactory(photo=upload("portrait.jpg", noisy_jpeg((1000, 500))))
    PHOTO.after_save(author)
    return author


def test_picture_offers_webp_and_jpeg_at_every_width(author_with_renditions):
    author = author_with_renditions
    html = render(
        '{% picture author.picture alt="Ana at her desk" '
        'sizes="(min-width: 800px) 50vw, 100vw" css_class="portrait" %}',
        author=author,
    )
    tags = Tags(html)

    assert [name for name, _ in tags.tags] == ["picture", "source", "img"]
    source, img = tags.first("source"), tags.first("img")
    webp = [default_storage.url(r["webp"]) for r in author.photo_renditions]
    jpeg = [default_storage.url(r["jpeg"]) for r in author.photo_renditions]
    assert source["type"] == "image/webp"
    assert source["srcset"] == f"{webp[0]} 400w, {webp[1]} 800w"
    assert source["sizes"] == img["sizes"] == "(min-width: 800px) 50vw, 100vw"
    assert img["srcset"] == f"{jpeg[0]} 400w, {jpeg[1]} 800w"
    assert img["src"] == jpeg[1]
    assert (img["width"], img["height"]) == ("1000", "500")
    assert img["alt"] == "Ana at her desk"
    assert img["class"] == "portrait"
    assert img["loading"] == "lazy"
    assert img["decoding"] == "async"


def test_picture_can_load_eagerly_and_be_decorative(author_with_renditions):
    html = render(
        '{% picture author.picture alt="" lazy=False %}',
        author=author_with_renditions,
    )
    img = Tags(html).first("img")

    assert "loading" not in img
    assert "class" not in img
    assert img["alt"] == ""
    assert 'alt=""' in html
    assert html.count('=""') == 1  # no other empty attribute


@pytest.mark.django_db
def test_picture_without_renditions_shows_the_original():
    author = AuthorFactory(photo=upload("portrait.jpg", noisy_jpeg((300, 200))))
    author.photo_renditions = []  # as for a photo stored before renditions existed

    html = render('{% picture author.picture alt="Ana" %}', author=author)
    tags = Tags(html)

    assert [name for name, _ in tags.tags] == ["img"]
    img = tags.first("img")
    assert img["src"] == author.photo.url
    assert (img["width"], img["height"], img["alt"]) == ("300", "200", "Ana")


@pytest.mark.django_db
def test_picture_renders_nothing_without_an_image():
    author = AuthorFactory()

    html = render("{% picture author.picture %}", author=author)

    assert html.strip() == ""
