//! The one-stop shop's papers (Thông tư 01/2018/TT-VPCP Art. 9, forms 01–04:
//! receipt, supplement request, refusal, apology): one description of each,
//! printed as HTML by the web page and as an A5 Word document here, with a
//! QR code that opens the public lookup.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, Docx, LineSpacing, PageMargin, Paragraph, Pic, Run, RunFonts, Table, TableRow,
    WidthType,
};
use jiff::civil::Date;
use qrcode::{Color, QrCode};
use xaphuong_core::onestop::lifecycle::Channel;

use crate::docx::{cell, centred, rule, run};
use crate::resolution::{date_line, place_name};

/// A paper as the state's forms lay it out: agency and motto blocks, the
/// title, lines of text, signature blocks side by side.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paper {
    /// "ỦY BAN NHÂN DÂN" and the unit, upper case.
    pub issuer: [String; 2],
    pub office: String,
    pub place_date: String,
    pub title: String,
    pub subtitle: Option<String>,
    pub lines: Vec<Line>,
    /// Each block: its title and the note under it.
    pub signatures: Vec<(String, String)>,
    /// The public lookup address the QR code opens.
    pub lookup: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    Text(String),
    /// A line whose value is printed bold (a due date, a reason).
    Field(String, String),
    /// One entry of a list (a required paper).
    Item(String),
}

/// What every paper says of its dossier.
#[derive(Debug, Clone, Default)]
pub struct DossierFacts {
    pub unit_name: String,
    pub code: String,
    pub applicant: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub procedure: String,
    pub papers: Vec<String>,
    pub time_text: String,
    /// "08:30 ngày 02/11/2026", already written out.
    pub submitted_at: String,
    pub received_at: String,
    pub due_at: String,
    pub lookup: Option<String>,
    /// The dossier's lookup key as printed (`A1B2C-3D4E5`): with the code,
    /// it opens the dossier's details and its rating on the public page.
    pub lookup_key: String,
}

impl DossierFacts {
    fn paper(&self, today: Date, title: &str, lines: Vec<Line>) -> Paper {
        Paper {
            issuer: ["ỦY BAN NHÂN DÂN".to_owned(), self.unit_name.to_uppercase()],
            office: "BỘ PHẬN MỘT CỬA".to_owned(),
            place_date: date_line(place_name(&self.unit_name), today),
            title: title.to_owned(),
            subtitle: Some(format!("Mã hồ sơ: {}", self.code)),
            lines,
            signatures: Vec::new(),
            lookup: self.lookup.clone(),
        }
    }

    fn applicant_lines(&self) -> Vec<Line> {
        let mut l = vec![Line::Field(
            "Họ tên người nộp".into(),
            self.applicant.clone(),
        )];
        if !self.address.is_empty() {
            l.push(Line::Text(format!("Địa chỉ: {}", self.address)));
        }
        if !self.phone.is_empty() {
            l.push(Line::Text(format!("Số điện thoại: {}", self.phone)));
        }
        if !self.email.is_empty() {
            l.push(Line::Text(format!("Thư điện tử: {}", self.email)));
        }
        l.push(Line::Text(format!(
            "Nội dung yêu cầu giải quyết: {}",
            self.procedure
        )));
        l
    }
}

/// Where the receipt says the result is taken (NĐ 118/2025 Art. 22).
pub fn return_place(channel: Channel, unit_name: &str, address: &str) -> String {
    match channel {
        Channel::Counter => format!("Bộ phận Một cửa {unit_name}"),
        Channel::Post if address.is_empty() => {
            "địa chỉ của người nộp, qua dịch vụ bưu chính công ích".to_owned()
        }
        Channel::Post => format!("{address}, qua dịch vụ bưu chính công ích"),
        Channel::Online => "thư điện tử, tài khoản của người nộp (bản điện tử)".to_owned(),
    }
}

/// Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả.
pub fn receipt(f: &DossierFacts, today: Date, return_at: &str) -> Paper {
    let mut lines = vec![Line::Text(format!(
        "Bộ phận Một cửa {} đã tiếp nhận hồ sơ của:",
        f.unit_name
    ))];
    lines.extend(f.applicant_lines());
    lines.push(Line::Text("1. Thành phần hồ sơ:".into()));
    lines.extend(f.papers.iter().cloned().map(Line::Item));
    lines.push(Line::Text(format!(
        "2. Thời gian giải quyết hồ sơ theo quy định: {}",
        f.time_text
    )));
    lines.push(Line::Text(format!(
        "3. Thời gian nhận hồ sơ: {}",
        f.received_at
    )));
    lines.push(Line::Field(
        "4. Thời gian trả kết quả giải quyết hồ sơ".into(),
        f.due_at.clone(),
    ));
    lines.push(Line::Text(format!("5. Nhận kết quả tại: {return_at}")));
    if !f.lookup_key.is_empty() {
        lines.push(Line::Field(
            "6. Mã tra cứu (kèm mã hồ sơ, để tra cứu và đánh giá)".into(),
            f.lookup_key.clone(),
        ));
    }
    let mut p = f.paper(today, "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", lines);
    p.signatures = vec![
        ("NGƯỜI NỘP HỒ SƠ".into(), "(Ký và ghi rõ họ tên)".into()),
        (
            "NGƯỜI TIẾP NHẬN HỒ SƠ".into(),
            "(Ký và ghi rõ họ tên)".into(),
        ),
    ];
    p
}

/// Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.
pub fn supplement_request(f: &DossierFacts, today: Date, reason: &str) -> Paper {
    let mut lines = vec![Line::Text(format!(
        "Bộ phận Một cửa {} đã nhận hồ sơ nộp lúc {} của:",
        f.unit_name, f.submitted_at
    ))];
    lines.extend(f.applicant_lines());
    lines.push(Line::Field(
        "Yêu cầu bổ sung, hoàn thiện".into(),
        reason.to_owned(),
    ));
    lines.push(Line::Text(
        "Đề nghị ông/bà bổ sung, hoàn thiện hồ sơ theo nội dung trên và nộp lại tại Bộ phận Một cửa \
         (hoặc trực tuyến, qua bưu chính). Thời hạn giải quyết được tính lại từ khi nhận đủ hồ sơ \
         (Điều 19 khoản 5 Nghị định 118/2025/NĐ-CP)."
            .into(),
    ));
    lines.push(Line::Text(
        "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ Bộ phận Một cửa để được hướng dẫn."
            .into(),
    ));
    let mut p = f.paper(today, "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", lines);
    p.signatures = vec![("NGƯỜI HƯỚNG DẪN".into(), "(Ký và ghi rõ họ tên)".into())];
    p
}

/// Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ.
pub fn refusal(f: &DossierFacts, today: Date, reason: &str) -> Paper {
    let mut lines = vec![Line::Text(format!(
        "Bộ phận Một cửa {} nhận hồ sơ nộp lúc {} của:",
        f.unit_name, f.submitted_at
    ))];
    lines.extend(f.applicant_lines());
    lines.push(Line::Text(
        "Sau khi xem xét, Bộ phận Một cửa từ chối tiếp nhận hồ sơ này.".into(),
    ));
    lines.push(Line::Field("Lý do từ chối".into(), reason.to_owned()));
    lines.push(Line::Text(
        "Xin thông báo để ông/bà biết và thực hiện.".into(),
    ));
    let mut p = f.paper(today, "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", lines);
    p.signatures = vec![(
        "NGƯỜI TIẾP NHẬN HỒ SƠ".into(),
        "(Ký và ghi rõ họ tên)".into(),
    )];
    p
}

/// Mẫu 04: Phiếu xin lỗi và hẹn lại ngày trả kết quả (Art. 19(6)).
pub fn apology(f: &DossierFacts, today: Date, reason: &str, old_due: &str, new_due: &str) -> Paper {
    let mut lines = vec![Line::Text(format!("Kính gửi: Ông/bà {}", f.applicant))];
    lines.push(Line::Text(format!(
        "Ngày {}, {} tiếp nhận hồ sơ của ông/bà, đề nghị giải quyết thủ tục: {}. \
         Mã hồ sơ: {}. Thời gian hẹn trả kết quả: {}.",
        f.received_at, f.unit_name, f.procedure, f.code, old_due
    )));
    lines.push(Line::Text(format!(
        "Đến nay, {} chưa trả kết quả giải quyết hồ sơ của ông/bà đúng hẹn.",
        f.unit_name
    )));
    lines.push(Line::Field("Lý do".into(), reason.to_owned()));
    lines.push(Line::Text(format!(
        "{} xin lỗi ông/bà và xin hẹn lại thời gian trả kết quả.",
        f.unit_name
    )));
    lines.push(Line::Field(
        "Thời gian trả kết quả".into(),
        new_due.to_owned(),
    ));
    lines.push(Line::Text("Mong nhận được sự thông cảm của ông/bà.".into()));
    let mut p = f.paper(today, "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ", lines);
    p.signatures = vec![("TM. ỦY BAN NHÂN DÂN".into(), "CHỦ TỊCH".into())];
    p
}

/// The QR code of `text` as an SVG image `size` pixels wide, for the HTML
/// paper. Medium error correction survives a creased paper.
pub fn qr_svg(text: &str, size: u32) -> Result<String, String> {
    let code = QrCode::with_error_correction_level(text, qrcode::EcLevel::M)
        .map_err(|e| format!("Không tạo được mã QR: {e}"))?;
    let svg = code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(size, size)
        .build();
    // Inline in HTML: no XML declaration.
    Ok(match svg.find("<svg") {
        Some(i) => svg[i..].to_owned(),
        None => svg,
    })
}

/// The QR code of `text` as a grey-scale PNG, `scale` pixels per module,
/// with the 4-module quiet zone the standard asks for.
pub fn qr_png(text: &str, scale: usize) -> Result<(Vec<u8>, u32), String> {
    let code = QrCode::with_error_correction_level(text, qrcode::EcLevel::M)
        .map_err(|e| format!("Không tạo được mã QR: {e}"))?;
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 8) * scale;
    let mut pixels = vec![255u8; side * side];
    for (i, c) in colors.iter().enumerate() {
        if *c == Color::Dark {
            let (mx, my) = (i % modules + 4, i / modules + 4);
            for y in my * scale..(my + 1) * scale {
                pixels[y * side + mx * scale..y * side + (mx + 1) * scale].fill(0);
            }
        }
    }
    let side = u32::try_from(side).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    let mut enc = png::Encoder::new(&mut out, side, side);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::Eight);
    enc.write_header()
        .and_then(|mut w| w.write_image_data(&pixels))
        .map_err(|e| format!("Không tạo được mã QR: {e}"))?;
    Ok((out, side))
}

/// A5 in twips.
const A5: (u32, u32) = (8_391, 11_906);
/// 15 mm top, bottom and left, 10 mm right: the header blocks then hold
/// "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and a ward's name on one line each.
const MARGIN: (i32, i32, i32, i32) = (850, 850, 850, 567);
const WIDTH: usize = 8_391 - 850 - 567;
const TEXT: usize = 24;
/// The header blocks, in half-points (9,5 pt).
const SMALL: usize = 19;

/// The paper as an A5 Word document.
pub fn docx(p: &Paper) -> Result<Vec<u8>, String> {
    let left_w = 2500;
    let right_w = WIDTH - left_w;
    let agency = vec![
        centred(run(&p.issuer[0]).size(SMALL).bold()),
        centred(run(&p.issuer[1]).size(SMALL).bold()),
        centred(run(&p.office).size(SMALL)),
        rule(700),
    ];
    let motto = vec![
        centred(run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").size(SMALL).bold()),
        centred(run("Độc lập - Tự do - Hạnh phúc").size(SMALL).bold()),
        rule(900),
        centred(run(&p.place_date).size(SMALL).italic()),
    ];
    let mut doc = Docx::new()
        .page_size(A5.0, A5.1)
        .page_margin(
            PageMargin::new()
                .top(MARGIN.0)
                .bottom(MARGIN.1)
                .left(MARGIN.2)
                .right(MARGIN.3),
        )
        .default_fonts(
            RunFonts::new()
                .ascii("Times New Roman")
                .hi_ansi("Times New Roman")
                .east_asia("Times New Roman")
                .cs("Times New Roman"),
        )
        .default_size(TEXT)
        .add_table(two_columns(agency, motto, left_w, right_w))
        .add_paragraph(
            centred(run(&p.title).size(TEXT).bold()).line_spacing(LineSpacing::new().before(240)),
        );
    if let Some(s) = &p.subtitle {
        doc = doc.add_paragraph(centred(run(s).size(TEXT).bold()));
    }
    for l in &p.lines {
        let para = match l {
            Line::Text(t) => Paragraph::new().add_run(run(t).size(TEXT)),
            Line::Field(label, value) => Paragraph::new()
                .add_run(run(&format!("{label}: ")).size(TEXT))
                .add_run(run(value).size(TEXT).bold()),
            Line::Item(t) => Paragraph::new()
                .add_run(run(&format!("- {t}")).size(TEXT))
                .indent(Some(360), None, None, None),
        };
        doc = doc.add_paragraph(
            para.align(AlignmentType::Both)
                .line_spacing(LineSpacing::new().after(60)),
        );
    }
    if let Some(url) = &p.lookup {
        // 3 px per module at 96 dpi: about 2,5 cm for a short address.
        let (png, side) = qr_png(url, 3)?;
        doc = doc
            .add_paragraph(
                Paragraph::new()
                    .add_run(Run::new().add_image(Pic::new_with_dimensions(png, side, side)))
                    .line_spacing(LineSpacing::new().before(120)),
            )
            .add_paragraph(
                Paragraph::new()
                    .add_run(run(&format!("Tra cứu hồ sơ: {url}")).size(SMALL).italic()),
            );
    }
    let blocks: Vec<_> = p
        .signatures
        .iter()
        .map(|(title, note)| {
            vec![
                centred(run(title).size(SMALL).bold()).line_spacing(LineSpacing::new().before(240)),
                centred(run(note).size(SMALL).italic()),
            ]
        })
        .collect();
    match blocks.len() {
        0 => {}
        1 => {
            let b = blocks.into_iter().next().unwrap_or_default();
            doc = doc.add_table(two_columns(Vec::new(), b, left_w, right_w));
        }
        _ => {
            let mut it = blocks.into_iter();
            let (a, b) = (it.next().unwrap_or_default(), it.next().unwrap_or_default());
            doc = doc.add_table(two_columns(a, b, WIDTH / 2, WIDTH - WIDTH / 2));
        }
    }
    let mut out = Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| format!("Không tạo được tệp DOCX: {e}"))?;
    Ok(out.into_inner())
}

fn two_columns(a: Vec<Paragraph>, b: Vec<Paragraph>, wa: usize, wb: usize) -> Table {
    Table::new(vec![TableRow::new(vec![cell(a, wa), cell(b, wb)])])
        .set_grid(vec![wa, wb])
        .width(wa + wb, WidthType::Dxa)
        .clear_all_border()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> DossierFacts {
        DossierFacts {
            unit_name: "Phường Phùng Chí Kiên".into(),
            code: "H01.01.01.M01-261102-0001".into(),
            applicant: "Nguyễn Văn An".into(),
            address: "Tổ 5".into(),
            procedure: "Đăng ký khai sinh".into(),
            papers: vec!["Tờ khai".into(), "Giấy chứng sinh".into()],
            time_text: "01 ngày làm việc".into(),
            submitted_at: "08:30 ngày 02/11/2026".into(),
            received_at: "08:35 ngày 02/11/2026".into(),
            due_at: "08:35 ngày 03/11/2026".into(),
            lookup: Some("http://127.0.0.1:8080/tra-cuu?ma=H01.01.01.M01-261102-0001".into()),
            lookup_key: "A1B2C-3D4E5".into(),
            ..Default::default()
        }
    }

    #[test]
    fn receipt_names_the_due_date_and_every_paper() {
        let p = receipt(&facts(), Date::constant(2026, 11, 2), "Bộ phận Một cửa");
        assert_eq!(p.place_date, "Phùng Chí Kiên, ngày 02 tháng 11 năm 2026");
        assert!(p.lines.contains(&Line::Field(
            "4. Thời gian trả kết quả giải quyết hồ sơ".into(),
            "08:35 ngày 03/11/2026".into()
        )));
        assert_eq!(
            p.lines
                .iter()
                .filter(|l| matches!(l, Line::Item(_)))
                .count(),
            2
        );
        assert_eq!(p.signatures.len(), 2);
    }

    #[test]
    fn apology_carries_the_old_and_new_dates_and_the_reason() {
        let p = apology(
            &facts(),
            Date::constant(2026, 11, 2),
            "Chờ xác minh",
            "08:35 ngày 03/11/2026",
            "16:00 ngày 05/11/2026",
        );
        let text = format!("{:?}", p.lines);
        assert!(text.contains("08:35 ngày 03/11/2026"));
        assert!(text.contains("16:00 ngày 05/11/2026"));
        assert!(text.contains("Chờ xác minh"));
    }

    #[test]
    fn qr_png_is_a_square_png_with_a_quiet_zone() {
        let (png, side) = qr_png("http://x/tra-cuu?ma=ABC", 3).unwrap();
        assert_eq!(&png[..8], &[137, 80, 78, 71, 13, 10, 26, 10]);
        // Version 2 (25 modules) + 8 quiet modules, 3 px each.
        assert_eq!(side, (25 + 8) * 3);
        let svg = qr_svg("http://x/tra-cuu?ma=ABC", 120).unwrap();
        assert!(svg.starts_with("<svg") && svg.contains("<path"));
    }

    #[test]
    fn each_paper_packs_as_a_docx_holding_its_words_and_picture() {
        let f = facts();
        let today = Date::constant(2026, 11, 2);
        for p in [
            receipt(&f, today, "Bộ phận Một cửa"),
            supplement_request(&f, today, "Thiếu giấy chứng sinh"),
            refusal(&f, today, "Không thuộc thẩm quyền"),
            apology(&f, today, "Chờ xác minh", "a", "b"),
        ] {
            let bytes = docx(&p).unwrap();
            assert_eq!(&bytes[..2], b"PK");
            let zip = String::from_utf8_lossy(&bytes);
            assert!(zip.contains("word/media/"), "{}: no QR image", p.title);
        }
    }
}
