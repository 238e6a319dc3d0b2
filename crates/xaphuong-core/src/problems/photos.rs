//! Photos sent with a report: the kind read from the bytes, the size
//! bounded, the place the camera wrote read from EXIF, and then every
//! metadata block (EXIF, XMP, comments, text chunks) dropped, so what is
//! kept and published carries no hidden data about the sender.

use img_parts::{Bytes, DynImage, ImageEXIF};

use crate::Invalid;

/// The most one photo may weigh.
pub const PHOTO_MAX_BYTES: usize = 5 * 1024 * 1024;
/// The most photos one report carries.
pub const PHOTOS_MAX: usize = 3;

/// A photo as kept: its kind, its bytes without metadata, and the place
/// its EXIF named, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct Photo {
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
    pub place: Option<(f64, f64)>,
}

/// Checks and cleans the `n`-th photo (from 1) of a report.
pub fn take(n: usize, bytes: &[u8]) -> Result<Photo, Invalid> {
    let refuse = |why: &str| Invalid::one("photos", format!("Ảnh thứ {n}: {why}"));
    if bytes.is_empty() {
        return Err(refuse("tệp trống"));
    }
    if bytes.len() > PHOTO_MAX_BYTES {
        return Err(refuse("quá lớn (tối đa 5 MB một ảnh)"));
    }
    let content_type = match crate::violations::attachment_type(bytes) {
        Some(t) if t.starts_with("image/") => t,
        _ => return Err(refuse("chỉ nhận ảnh JPEG, PNG hoặc WebP")),
    };
    let unreadable = || refuse("ảnh bị hỏng, không đọc được");
    let image = DynImage::from_bytes(Bytes::copy_from_slice(bytes))
        .map_err(|_| unreadable())?
        .ok_or_else(unreadable)?;
    let place = image.exif().and_then(|raw| gps(&raw));
    Ok(Photo {
        content_type,
        bytes: strip(image).to_vec(),
        place,
    })
}

/// The place EXIF's GPS fields name, as (latitude, longitude) in degrees.
fn gps(raw: &[u8]) -> Option<(f64, f64)> {
    use exif::{In, Tag, Value};
    let exif = exif::Reader::new().read_raw(raw.to_vec()).ok()?;
    let degrees = |tag: Tag, reference: Tag, negative: u8| -> Option<f64> {
        let f = exif.get_field(tag, In::PRIMARY)?;
        let Value::Rational(parts) = &f.value else {
            return None;
        };
        let [d, m, s] = parts.as_slice() else {
            return None;
        };
        let v = d.to_f64() + m.to_f64() / 60.0 + s.to_f64() / 3600.0;
        let sign = match exif.get_field(reference, In::PRIMARY).map(|f| &f.value) {
            Some(Value::Ascii(a)) if a.first().and_then(|r| r.first()) == Some(&negative) => -1.0,
            _ => 1.0,
        };
        v.is_finite().then_some(sign * v)
    };
    let lat = degrees(Tag::GPSLatitude, Tag::GPSLatitudeRef, b'S')?;
    let long = degrees(Tag::GPSLongitude, Tag::GPSLongitudeRef, b'W')?;
    super::valid_place(lat, long).then_some((lat, long))
}

/// The image without its metadata: JPEG application segments other than
/// JFIF, the colour profile and Adobe's colour transform, and comments;
/// PNG's EXIF and text chunks; WebP's EXIF and XMP.
fn strip(image: DynImage) -> Bytes {
    use img_parts::jpeg::markers;
    match image {
        DynImage::Jpeg(mut j) => {
            j.segments_mut().retain(|s| {
                let m = s.marker();
                let app = (markers::APP0..=markers::APP15).contains(&m);
                let kept = matches!(m, markers::APP0 | markers::APP2 | markers::APP14);
                (!app || kept) && m != markers::COM
            });
            j.encoder().bytes()
        }
        DynImage::Png(mut p) => {
            p.chunks_mut()
                .retain(|c| !matches!(&c.kind(), b"eXIf" | b"tEXt" | b"zTXt" | b"iTXt" | b"tIME"));
            p.encoder().bytes()
        }
        DynImage::WebP(mut w) => {
            w.set_exif(None);
            w.remove_chunks_by_id(img_parts::webp::CHUNK_XMP);
            w.encoder().bytes()
        }
    }
}

/// An 8×8 grey baseline JPEG: the smallest photo a browser shows, for
/// tests and the demo.
pub fn grey_jpeg() -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8];
    // JFIF
    b.extend_from_slice(&[
        0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
    ]);
    // One quantisation table of ones.
    b.extend_from_slice(&[0xFF, 0xDB, 0x00, 0x43, 0x00]);
    b.extend_from_slice(&[1u8; 64]);
    // 8×8, one component.
    b.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x0B, 8, 0, 8, 0, 8, 1, 1, 0x11, 0]);
    // A DC and an AC table of one one-bit code each: "0" is DC category 0
    // and end-of-block.
    for class in [0x00, 0x10] {
        b.extend_from_slice(&[0xFF, 0xC4, 0x00, 0x14, class, 1]);
        b.extend_from_slice(&[0u8; 16]);
    }
    b.extend_from_slice(&[0xFF, 0xDA, 0x00, 0x08, 1, 1, 0x00, 0, 0x3F, 0]);
    // DC 0, EOB, padded with ones.
    b.extend_from_slice(&[0x3F, 0xFF, 0xD9]);
    b
}

/// `jpeg` with an EXIF block naming a place and a camera, for tests.
pub fn with_gps(jpeg: &[u8], lat: (u32, u32, u32), long: (u32, u32, u32)) -> Vec<u8> {
    use exif::{Field, In, Rational, Tag, Value};
    let r = |(d, m, s): (u32, u32, u32)| {
        Value::Rational(vec![
            Rational::from((d, 1)),
            Rational::from((m, 1)),
            Rational::from((s, 1)),
        ])
    };
    let fields = [
        Field {
            tag: Tag::Make,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"May anh cua nguoi gui".to_vec()]),
        },
        Field {
            tag: Tag::GPSLatitudeRef,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"N".to_vec()]),
        },
        Field {
            tag: Tag::GPSLatitude,
            ifd_num: In::PRIMARY,
            value: r(lat),
        },
        Field {
            tag: Tag::GPSLongitudeRef,
            ifd_num: In::PRIMARY,
            value: Value::Ascii(vec![b"E".to_vec()]),
        },
        Field {
            tag: Tag::GPSLongitude,
            ifd_num: In::PRIMARY,
            value: r(long),
        },
    ];
    let mut w = exif::experimental::Writer::new();
    for f in &fields {
        w.push_field(f);
    }
    let mut tiff = std::io::Cursor::new(Vec::new());
    w.write(&mut tiff, false).expect("EXIF written");
    let mut image = img_parts::jpeg::Jpeg::from_bytes(Bytes::copy_from_slice(jpeg)).expect("JPEG");
    image.set_exif(Some(Bytes::from(tiff.into_inner())));
    image.encoder().bytes().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_place_is_read_and_every_trace_of_it_dropped() {
        // 22°08'51" N, 105°50'02" E: Phường Bắc Kạn.
        let sent = with_gps(&grey_jpeg(), (22, 8, 51), (105, 50, 2));
        assert!(sent.windows(4).any(|w| w == b"Exif"));
        let p = take(1, &sent).unwrap();
        let (lat, long) = p.place.unwrap();
        assert!((lat - 22.147_5).abs() < 1e-4, "{lat}");
        assert!((long - 105.833_889).abs() < 1e-4, "{long}");
        assert_eq!(p.content_type, "image/jpeg");
        assert!(!p.bytes.windows(4).any(|w| w == b"Exif"));
        assert!(!p.bytes.windows(6).any(|w| w == b"May an"));
        // What is kept is still the picture: the same bytes as before the
        // EXIF block was added.
        assert_eq!(p.bytes, grey_jpeg());
        assert_eq!(take(1, &p.bytes).unwrap().place, None);
    }

    #[test]
    fn png_text_chunks_are_dropped() {
        let mut png = Vec::new();
        {
            let mut e = png::Encoder::new(&mut png, 2, 2);
            e.set_color(png::ColorType::Grayscale);
            e.add_text_chunk("Author".into(), "Nguyen Van A".into())
                .unwrap();
            let mut w = e.write_header().unwrap();
            w.write_image_data(&[0, 255, 255, 0]).unwrap();
        }
        assert!(png.windows(4).any(|w| w == b"tEXt"));
        let p = take(2, &png).unwrap();
        assert_eq!(p.content_type, "image/png");
        assert!(!p.bytes.windows(4).any(|w| w == b"tEXt"));
        assert!(!p.bytes.windows(6).any(|w| w == b"Nguyen"));
        assert!(p.bytes.windows(4).any(|w| w == b"IDAT"));
    }

    #[test]
    fn what_is_not_a_photo_is_refused_by_its_bytes() {
        let e = take(2, b"%PDF-1.7 not a photo").unwrap_err();
        assert_eq!(e.0[0].field, "photos");
        assert!(e.0[0].message.starts_with("Ảnh thứ 2: chỉ nhận ảnh"));
        let e = take(1, b"<script>alert(1)</script>").unwrap_err();
        assert!(e.0[0].message.contains("chỉ nhận ảnh"));
        let e = take(1, &[]).unwrap_err();
        assert!(e.0[0].message.contains("tệp trống"));
        let mut big = grey_jpeg();
        big.resize(PHOTO_MAX_BYTES + 1, 0);
        assert!(take(1, &big).unwrap_err().0[0].message.contains("5 MB"));
        // A JPEG's first bytes and then rubbish.
        let e = take(3, &[0xFF, 0xD8, 0xFF, 0x00, 0x01]).unwrap_err();
        assert!(e.0[0].message.contains("không đọc được"), "{e:?}");
    }
}
