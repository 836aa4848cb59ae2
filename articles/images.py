"""Uploaded images: refuse what we cannot safely show, strip what readers must not see.

Editors upload phone and camera photos. Those carry EXIF (often the GPS position of the person
who took them), arrive sideways with an orientation tag, and now and then are not images at all,
are cut short, or are small files that decode to billions of pixels. Everything here judges a
file by its content, never by its name.

How a model stores an image with its renditions, and how pages read it, is in ``pictures``.
"""

import io
import posixpath
import warnings
from collections.abc import Iterable

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageCms, ImageOps

# Pillow's format name -> the format we store. Cameras write some JPEGs as MPO (a JPEG with a
# second, preview picture after it); GIFs are stored as a still PNG of the first frame.
STORED_FORMAT = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG"}
EXTENSIONS = {"JPEG": (".jpg", ".jpeg"), "PNG": (".png",), "WEBP": (".webp",)}

NOT_AN_IMAGE = "This file is not an image we can read (JPEG, PNG, WebP or GIF)."
WRONG_FORMAT = (
    "This image is a %(format)s file; we accept JPEG, PNG, WebP or GIF. "
    "Please save it as JPEG or PNG and upload it again."
)
DAMAGED = (
    "This image file is damaged or incomplete, so we cannot read all of it. "
    "Please export it again and upload the new file."
)
TOO_BIG = (
    "This image is %(size)s; the limit is %(limit)s. Please export a smaller version "
    "(3,000 pixels on the long side is plenty for the web) and upload it again."
)
TOO_MANY_PIXELS = (
    "This image is %(width)s × %(height)s pixels (%(megapixels)s megapixels); the limit is "
    "%(limit)s megapixels. Please resize it to at most 3,000 pixels on the long side and "
    "upload it again."
)
TOO_MANY_PIXELS_UNKNOWN = (
    "This image has too many pixels to open safely; the limit is %(limit)s megapixels. "
    "Please resize it to at most 3,000 pixels on the long side and upload it again."
)

MEGABYTE = 1024 * 1024
_SRGB = ImageCms.createProfile("sRGB")


def validate_image_upload(upload) -> None:
    """Refuse an upload that is too large, not an image, damaged, or a decompression bomb.

    Use it as a validator on model and form image fields. Only fresh uploads are checked: a
    file already in storage passed this check when it arrived, and reading it back from
    storage on every save of the model would cost a download each time. The file is left at
    position 0 so whatever reads it next starts at the beginning.
    """
    if not upload or not is_fresh(upload):
        return
    limit = settings.IMAGE_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise ValidationError(
            TOO_BIG,
            code="image_too_big",
            params={"size": _size_label(upload.size), "limit": _size_label(limit)},
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            # verify() finds broken structure (bad PNG checksums) without decoding pixels,
            # but cannot see a JPEG cut short; only decoding does, and verify() leaves the
            # image unusable, hence the second open.
            try:
                _open_checked(upload).verify()
            except ValidationError:
                raise
            except Exception:
                raise ValidationError(DAMAGED, code="image_damaged") from None
            _decode(_open_checked(upload))
    finally:
        upload.seek(0)


def clean_image(upload) -> ContentFile:
    """The upload re-encoded upright and with no metadata, ready to store as the original.

    Orientation tags are applied to the pixels, because browsers and our renditions disagree
    about honouring them. EXIF (with GPS), XMP, comments and the colour profile are all
    dropped: colours are first converted to sRGB, which is what browsers assume without one.
    The name is kept, with the extension corrected to the format actually stored.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            source = _open_checked(upload)
            stored_format = STORED_FORMAT[source.format]
            image = _to_srgb(ImageOps.exif_transpose(_decode(source)))
        finally:
            upload.seek(0)

    # Only PNG transparency survives; everything else in .info is metadata.
    transparency = image.info.get("transparency")
    image.info = {} if transparency is None else {"transparency": transparency}
    buffer = io.BytesIO()
    if stored_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        image.save(buffer, format="JPEG", quality=85, progressive=True, optimize=True)
    elif stored_format == "PNG":
        if image.mode not in ("1", "L", "LA", "I", "I;16", "P", "RGB", "RGBA"):
            image = image.convert("RGBA" if image.has_transparency_data else "RGB")
        image.save(buffer, format="PNG", optimize=True)
    else:
        image.save(buffer, format="WEBP", quality=85)
    return ContentFile(buffer.getvalue(), name=_name_for(upload.name, stored_format))


def make_renditions(field_file, widths: Iterable[int]) -> list[dict]:
    """Write WebP and JPEG copies of a stored image at each width, next to the original.

    Widths wider than the original are skipped, since enlarging only adds bytes; when all are,
    the original's own width is used, so there is always at least one rendition. Existing files
    of the same names are replaced, so running it again after a change is safe.
    Returns ``[{"width", "height", "jpeg", "webp"}, ...]`` by width, with storage names.
    """
    storage = field_file.storage
    with field_file.open("rb"), warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = ImageOps.exif_transpose(_decode(_open_checked(field_file)))
    image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    original_width, original_height = image.size
    targets = sorted({w for w in widths if w <= original_width}) or [original_width]

    stem = posixpath.splitext(field_file.name)[0]
    renditions = []
    for width in targets:
        height = max(1, round(original_height * width / original_width))
        resized = image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
        webp = _save_replacing(storage, f"{stem}-{width}w.webp", _encode(resized, "WEBP"))
        jpeg = _save_replacing(storage, f"{stem}-{width}w.jpg", _encode(resized, "JPEG"))
        renditions.append({"width": width, "height": height, "jpeg": jpeg, "webp": webp})
    return renditions


def is_fresh(upload) -> bool:
    """True for a file that has not been stored yet, i.e. one an editor just sent."""
    return isinstance(upload, UploadedFile) or getattr(upload, "_committed", True) is False


def _open_checked(file) -> Image.Image:
    """Open the image header, refusing unknown formats and too many pixels before decoding."""
    file.seek(0)
    limit = settings.IMAGE_MAX_PIXELS
    try:
        image = Image.open(file)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            TOO_MANY_PIXELS_UNKNOWN,
            code="image_too_many_pixels",
            params={"limit": _megapixels(limit)},
        ) from None
    except Exception:  # Usually UnidentifiedImageError; odd files raise odder things.
        raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from None

    if image.format not in STORED_FORMAT:
        raise ValidationError(WRONG_FORMAT, code="image_format", params={"format": image.format})
    width, height = image.size
    if width * height > limit:
        raise ValidationError(
            TOO_MANY_PIXELS,
            code="image_too_many_pixels",
            params={
                "width": f"{width:,}",
                "height": f"{height:,}",
                "megapixels": _megapixels(width * height),
                "limit": _megapixels(limit),
            },
        )
    return image


def _decode(image: Image.Image) -> Image.Image:
    """Decode every pixel, turning any decoder failure into the editor's "damaged" message."""
    try:
        image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            TOO_MANY_PIXELS_UNKNOWN,
            code="image_too_many_pixels",
            params={"limit": _megapixels(settings.IMAGE_MAX_PIXELS)},
        ) from None
    except Exception:  # Pillow's decoders raise OSError, SyntaxError, ValueError and more.
        raise ValidationError(DAMAGED, code="image_damaged") from None
    return image


def _to_srgb(image: Image.Image) -> Image.Image:
    """Convert to sRGB using the embedded colour profile, which is about to be dropped."""
    icc = image.info.get("icc_profile")
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            mode = "RGBA" if image.mode == "RGBA" else "RGB"
            converted = ImageCms.profileToProfile(image, profile, _SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # A broken profile: the pixels as they are beat refusing the photo.
        else:
            converted.info = dict(image.info)
            return converted
    return image.convert("RGB") if image.mode == "CMYK" else image


def _encode(image: Image.Image, image_format: str) -> ContentFile:
    buffer = io.BytesIO()
    if image_format == "JPEG":
        if image.mode == "RGBA":
            background = Image.new("RGB", image.size, "white")
            background.paste(image, mask=image.getchannel("A"))
            image = background
        image.save(buffer, format="JPEG", quality=80, progressive=True, optimize=True)
    else:
        image.save(buffer, format="WEBP", quality=80)
    return ContentFile(buffer.getvalue())


def _save_replacing(storage, name: str, content: ContentFile) -> str:
    """Save under exactly ``name``; Django's storages would otherwise add a random suffix."""
    if storage.exists(name):
        storage.delete(name)
    return storage.save(name, content)


def _name_for(name: str, stored_format: str) -> str:
    stem, extension = posixpath.splitext(posixpath.basename(name or "image"))
    allowed = EXTENSIONS[stored_format]
    return stem + (extension if extension.lower() in allowed else allowed[0])


def _size_label(size: int) -> str:
    """Bytes as an editor reads them, rounded up so a file just over the limit says so."""
    if size < MEGABYTE:
        return f"{-(-size // 1024)} KB"
    tenths = -(-size * 10 // MEGABYTE)
    whole, tenth = divmod(tenths, 10)
    return f"{whole} MB" if tenth == 0 else f"{whole}.{tenth} MB"


def _megapixels(pixels: int) -> str:
    return f"{round(pixels / 1_000_000, 1):g}"


class CheckedImageField(forms.ImageField):
    """An upload field that explains, in the newsroom's words, why an image is refused.

    Django's own image field opens the file before any validator runs and answers every
    problem with one generic message; this one checks first.
    """

    def to_python(self, data):
        if data is not None and not isinstance(data, str):
            validate_image_upload(data)
        return super().to_python(data)
