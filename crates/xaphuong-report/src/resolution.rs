//! The resolution report — "Báo cáo kết quả thực hiện Nghị quyết năm YYYY
//! và phương hướng, nhiệm vụ năm YYYY+1" — in Markdown, printable HTML and
//! an XLSX table, laid out after Nghị định 30/2020/NĐ-CP, Phụ lục I.

use jiff::civil::Date;
use xaphuong_core::resolutions::{ReportLine, ResolutionReport};
use xaphuong_core::words::money_words;

use crate::xlsx::{self, Cell};

/// The parts every format prints, in the state's wording.
pub struct Heading {
    /// Tên cơ quan chủ quản (ô 2), upper case, if any.
    pub superior: Option<String>,
    /// Tên cơ quan ban hành (ô 2), upper case: "ỦY BAN NHÂN DÂN" and the unit.
    pub issuer: [String; 2],
    /// Số, ký hiệu (ô 3): the number is left for the clerk to fill in.
    pub number: &'static str,
    /// Địa danh, ngày tháng năm (ô 4).
    pub place_date: String,
    pub kind: &'static str,
    pub subject: String,
}

/// "Phường Phùng Chí Kiên" → "Phùng Chí Kiên": the place name of the date line.
pub(crate) fn place_name(unit: &str) -> &str {
    for prefix in ["Phường ", "Xã ", "Thị trấn ", "Đặc khu "] {
        if let Some(rest) = unit.strip_prefix(prefix) {
            return rest;
        }
    }
    unit
}

/// "ngày 05 tháng 02 năm 2026": a leading zero for days below 10 and for
/// January and February (Nghị định 30/2020, Phụ lục I).
pub fn date_line(place: &str, d: Date) -> String {
    let month = if d.month() <= 2 {
        format!("{:02}", d.month())
    } else {
        d.month().to_string()
    };
    format!(
        "{place}, ngày {:02} tháng {month} năm {}",
        d.day(),
        d.year()
    )
}

pub fn heading(r: &ResolutionReport, signed_on: Date) -> Heading {
    Heading {
        superior: r
            .parent_name
            .as_ref()
            .map(|p| format!("UBND {}", p.to_uppercase())),
        issuer: ["ỦY BAN NHÂN DÂN".to_owned(), r.unit_name.to_uppercase()],
        number: "Số:      /BC-UBND",
        place_date: date_line(place_name(&r.unit_name), signed_on),
        kind: "BÁO CÁO",
        subject: format!(
            "Kết quả thực hiện Nghị quyết năm {} và phương hướng, nhiệm vụ năm {}",
            r.year,
            r.year + 1
        ),
    }
}

/// The sentence of a result, with an amount of money also in words (none
/// for nothing: "Không đồng" says less than the sentence).
pub(crate) fn result_text(l: &ReportLine) -> String {
    let mut s = l.line.sentence();
    if l.line.unit == "đồng"
        && let Some(a) = l.line.actual
        && a.value.scale() == 0
        && a.value.value() > 0
    {
        s.push_str(&format!(" (bằng chữ: {})", money_words(a.value.value())));
    }
    s
}

fn as_of_note(r: &ResolutionReport) -> String {
    format!(
        "Số liệu tính từ sổ theo dõi của {} đến ngày {}.",
        r.unit_name,
        r.as_of.strftime("%d/%m/%Y")
    )
}

fn resolution_ref(number: &Option<String>) -> String {
    number
        .as_ref()
        .map(|n| format!(" (Nghị quyết số {n})"))
        .unwrap_or_default()
}

/// The report in Markdown, for reading in a terminal or pasting on.
pub fn markdown(r: &ResolutionReport, signed_on: Date) -> String {
    let h = heading(r, signed_on);
    let mut out = String::new();
    if let Some(s) = &h.superior {
        out.push_str(&format!("{s}  \n"));
    }
    out.push_str(&format!(
        "**{}**  \n**{}**  \n{}\n\n",
        h.issuer[0], h.issuer[1], h.number
    ));
    out.push_str("**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**  \n**Độc lập - Tự do - Hạnh phúc**\n\n");
    out.push_str(&format!("*{}*\n\n", h.place_date));
    out.push_str(&format!("# {}\n\n**{}**\n\n", h.kind, h.subject));
    out.push_str(&format!("_{}_\n\n", as_of_note(r)));
    out.push_str(&format!(
        "## I. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT NĂM {}{}\n\n",
        r.year,
        resolution_ref(&r.resolution)
    ));
    for (n, (field, lines)) in r.by_field().iter().enumerate() {
        out.push_str(&format!("### {}. {}\n\n", n + 1, field.label()));
        for l in lines {
            out.push_str(&format!("- {}.\n", result_text(l)));
        }
        out.push('\n');
    }
    out.push_str(&format!(
        "## II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {}\n\n",
        r.year + 1
    ));
    if r.next_targets.is_empty() {
        out.push_str("Chưa có Nghị quyết năm sau.\n\n");
    } else {
        out.push_str(&format!(
            "Các chỉ tiêu chủ yếu{}:\n\n",
            resolution_ref(&r.next_resolution)
        ));
        for l in &r.next_targets {
            if let Some(t) = l.line.target_sentence() {
                out.push_str(&format!("- {t}.\n"));
            }
        }
        out.push('\n');
    }
    out.push_str("## Bảng chỉ tiêu\n\n| TT | Chỉ tiêu | Đơn vị | Chỉ tiêu Nghị quyết | Thực hiện | Tỷ lệ (%) | Đánh giá |\n|---|---|---|---|---|---|---|\n");
    for (i, row) in table(r).iter().enumerate() {
        out.push_str(&format!("| {} | {} |\n", i + 1, row.join(" | ")));
    }
    if let Some((head, rows)) = breakdown(r) {
        out.push_str("\n## Chi tiết theo đơn vị trước sắp xếp\n\n");
        out.push_str(&format!(
            "| {} |\n|{}\n",
            head.join(" | "),
            "---|".repeat(head.len())
        ));
        for row in rows {
            out.push_str(&format!("| {} |\n", row.join(" | ")));
        }
    }
    out.push_str(
        "\n*Nơi nhận:*  \n- Thường trực HĐND phường;  \n- Lãnh đạo UBND phường;  \n- Lưu: VT.\n\n**TM. ỦY BAN NHÂN DÂN**  \n**CHỦ TỊCH**\n",
    );
    out
}

/// The indicator table: name, unit, target, result, percentage, verdict.
pub fn table(r: &ResolutionReport) -> Vec<[String; 6]> {
    r.results
        .iter()
        .map(|l| {
            let x = &l.line;
            let unit = if x.unit == "đồng" { "đ" } else { &x.unit };
            let actual = x.actual.map_or("—".to_owned(), |a| match a.of {
                // The whole not recorded: "—", not a 0 to divide by.
                Some(of) if of.value() == 0 => format!("{} / —", a.value),
                // Spaced, so a narrow column breaks at the slash.
                Some(of) => format!("{} / {}", a.value, of),
                None => a.value.to_string(),
            });
            let target = x
                .target
                .map_or("—".to_owned(), |t| x.direction.phrase(&t.to_string()));
            [
                x.name.clone(),
                unit.to_owned(),
                target,
                actual,
                x.percent().unwrap_or_else(|| "—".to_owned()),
                x.verdict().label().to_owned(),
            ]
        })
        .collect()
}

/// The breakdown by former unit as a table: the header (indicator, each
/// former unit, the whole), then a row per counted figure; none without one.
pub fn breakdown(r: &ResolutionReport) -> Option<(Vec<String>, Vec<Vec<String>>)> {
    if r.breakdown.is_empty() {
        return None;
    }
    let shown = |a: &Option<xaphuong_core::resolutions::Actual>| {
        a.map_or("—".to_owned(), |a| match a.of {
            Some(of) => format!("{} / {}", a.value, of),
            None => a.value.to_string(),
        })
    };
    let mut head = vec!["Chỉ tiêu".to_owned()];
    head.extend(
        r.breakdown
            .iter()
            .map(|f| format!("{} ({})", f.unit_name, f.unit_code)),
    );
    head.push(format!("{} (toàn đơn vị)", r.unit_name));
    let rows = r
        .results
        .iter()
        .filter(|l| r.breakdown[0].actuals.iter().any(|(c, _)| *c == l.code))
        .map(|l| {
            let mut row = vec![l.line.name.clone()];
            for f in &r.breakdown {
                let a = f
                    .actuals
                    .iter()
                    .find(|(c, _)| *c == l.code)
                    .and_then(|(_, a)| *a);
                row.push(shown(&a));
            }
            row.push(shown(&l.line.actual));
            row
        })
        .collect();
    Some((head, rows))
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The sentence with its figures linked to the records they count.
fn linked(l: &ReportLine) -> String {
    let text = esc(&result_text(l));
    let Some((records, whole)) = &l.records else {
        return text;
    };
    let Some(a) = l.line.actual else { return text };
    let figure = |q: xaphuong_core::indicators::Quantity| {
        if l.line.unit == "đồng" {
            format!("{q} đ")
        } else {
            q.to_string()
        }
    };
    let mut out = text.clone();
    // The whole first: its text may contain the figure's.
    if let (Some(of), Some(url)) = (a.of, whole) {
        let f = figure(of);
        let key = format!("/{f}");
        out = out.replacen(&key, &format!("/<a href=\"{}\">{f}</a>", esc(url)), 1);
    }
    let f = figure(a.value);
    let padded = if a.value.scale() == 0 && (0..10).contains(&a.value.value()) && a.of.is_none() {
        format!("{:02}", a.value.value())
    } else {
        f.clone()
    };
    let key = format!(
        ": {}",
        if l.line.unit == "đồng" {
            format!("đạt {f}")
        } else {
            padded.clone()
        }
    );
    let shown = key.trim_start_matches(": ").to_owned();
    out.replacen(
        &key,
        &format!(": <a href=\"{}\">{shown}</a>", esc(records)),
        1,
    )
}

/// The report as a page printable on A4 (the same margins as the DOCX);
/// each figure links to the records it counts.
pub fn html(r: &ResolutionReport, signed_on: Date) -> String {
    let h = heading(r, signed_on);
    let mut body = String::new();
    body.push_str("<table class=\"masthead\"><tr><td>");
    if let Some(s) = &h.superior {
        body.push_str(&format!("<div>{}</div>", esc(s)));
    }
    body.push_str(&format!(
        "<div><b>{}</b></div><div><b>{}</b></div><hr class=\"short\"><div>{}</div></td>",
        esc(&h.issuer[0]),
        esc(&h.issuer[1]),
        esc(h.number)
    ));
    body.push_str(&format!(
        "<td><div><b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b></div><div><b>Độc lập - Tự do - Hạnh phúc</b></div><hr class=\"motto\"><div><i>{}</i></div></td></tr></table>",
        esc(&h.place_date)
    ));
    body.push_str(&format!(
        "<h1>{}</h1><p class=\"subject\"><b>{}</b></p><hr class=\"short\"><p class=\"note\"><i>{}</i></p>",
        h.kind,
        esc(&h.subject),
        esc(&as_of_note(r))
    ));
    body.push_str(&format!(
        "<h2>I. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT NĂM {}{}</h2>",
        r.year,
        esc(&resolution_ref(&r.resolution))
    ));
    for (n, (field, lines)) in r.by_field().iter().enumerate() {
        body.push_str(&format!("<h3>{}. {}</h3><ul>", n + 1, esc(field.label())));
        for l in lines {
            body.push_str(&format!("<li>{}.</li>", linked(l)));
        }
        body.push_str("</ul>");
    }
    body.push_str(&format!(
        "<h2>II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {}</h2>",
        r.year + 1
    ));
    if r.next_targets.is_empty() {
        body.push_str("<p>Chưa có Nghị quyết năm sau.</p>");
    } else {
        body.push_str(&format!(
            "<p>Các chỉ tiêu chủ yếu{}:</p><ul>",
            esc(&resolution_ref(&r.next_resolution))
        ));
        for l in &r.next_targets {
            if let Some(t) = l.line.target_sentence() {
                body.push_str(&format!("<li>{}.</li>", esc(&t)));
            }
        }
        body.push_str("</ul>");
    }
    body.push_str("<table class=\"figures\"><thead><tr><th>TT</th><th>Chỉ tiêu</th><th>Đơn vị</th><th>Chỉ tiêu Nghị quyết</th><th>Thực hiện</th><th>Tỷ lệ (%)</th><th>Đánh giá</th></tr></thead><tbody>");
    for (i, row) in table(r).iter().enumerate() {
        body.push_str(&format!("<tr><td>{}</td>", i + 1));
        for c in row {
            body.push_str(&format!("<td>{}</td>", esc(c)));
        }
        body.push_str("</tr>");
    }
    body.push_str("</tbody></table>");
    if let Some((head, rows)) = breakdown(r) {
        body.push_str(
            "<h2>Chi tiết theo đơn vị trước sắp xếp</h2><table class=\"figures\"><thead><tr>",
        );
        for h in head {
            body.push_str(&format!("<th>{}</th>", esc(&h)));
        }
        body.push_str("</tr></thead><tbody>");
        for row in rows {
            body.push_str("<tr>");
            for c in row {
                body.push_str(&format!("<td>{}</td>", esc(&c)));
            }
            body.push_str("</tr>");
        }
        body.push_str("</tbody></table>");
    }
    body.push_str("<table class=\"sign\"><tr><td><p><b><i>Nơi nhận:</i></b></p><p class=\"to\">- Thường trực HĐND phường;<br>- Lãnh đạo UBND phường;<br>- Lưu: VT.</p></td><td><b>TM. ỦY BAN NHÂN DÂN<br>CHỦ TỊCH</b></td></tr></table>");
    format!(
        "<!doctype html><html lang=\"vi\"><head><meta charset=\"utf-8\"><title>{}</title><style>{STYLE}</style></head><body>{body}</body></html>",
        esc(&r.title())
    )
}

/// A4 with Nghị định 30's margins (top/bottom 20 mm, left 30, right 15),
/// a Times New Roman–metric serif at 13–14 pt.
const STYLE: &str = "@page{size:A4;margin:20mm 15mm 20mm 30mm}\
body{font-family:'Times New Roman','Liberation Serif','Tinos',serif;font-size:14pt;line-height:1.3;color:#000;max-width:165mm;margin:0 auto}\
table.masthead{width:100%;border-collapse:collapse;font-size:13pt}table.masthead td{vertical-align:top;text-align:center;width:50%}\
hr.short{width:35%;border:0;border-top:1px solid #000;margin:2px auto 6px}hr.motto{width:60%;border:0;border-top:1px solid #000;margin:2px auto 6px}\
h1{font-size:14pt;text-align:center;margin:18pt 0 0}p.subject{text-align:center;margin:0}p.note{text-align:center;font-size:12pt}\
h2{font-size:14pt;margin:12pt 0 6pt}h3{font-size:14pt;margin:6pt 0}ul{margin:0 0 6pt;padding-left:1.27cm}li{margin-bottom:6pt;text-align:justify}\
table.figures{width:100%;border-collapse:collapse;font-size:12pt;margin-top:12pt}table.figures th,table.figures td{border:1px solid #000;padding:2pt 4pt}\
table.sign{width:100%;margin-top:18pt}table.sign td{vertical-align:top;width:50%}table.sign td:last-child{text-align:center}p.to{font-size:11pt;margin:0}\
a{color:inherit}@media print{a{text-decoration:none}}";

/// The indicator table as a workbook.
pub fn xlsx(r: &ResolutionReport) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let headers = [
        ("TT", 5.0),
        ("Chỉ tiêu", 60.0),
        ("Đơn vị", 10.0),
        ("Chỉ tiêu Nghị quyết", 22.0),
        ("Thực hiện", 28.0),
        ("Tỷ lệ (%)", 10.0),
        ("Đánh giá", 12.0),
    ];
    let rows = table(r).into_iter().enumerate().map(|(i, row)| {
        let mut cells = vec![Cell::Number((i + 1) as f64)];
        cells.extend(row.into_iter().map(Cell::from));
        cells
    });
    xlsx::workbook("Chỉ tiêu", &r.title(), &headers, rows)
}

/// The formats the report is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Md,
    Html,
    Docx,
    Xlsx,
}

impl Format {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "md" => Some(Format::Md),
            "html" => Some(Format::Html),
            "docx" => Some(Format::Docx),
            "xlsx" => Some(Format::Xlsx),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Format::Md => "md",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Xlsx => "xlsx",
        }
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Md => "text/markdown; charset=utf-8",
            Format::Html => "text/html; charset=utf-8",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

/// The report in `format`, signed (dated) `signed_on`.
pub fn render(r: &ResolutionReport, format: Format, signed_on: Date) -> Result<Vec<u8>, String> {
    match format {
        Format::Md => Ok(markdown(r, signed_on).into_bytes()),
        Format::Html => Ok(html(r, signed_on).into_bytes()),
        Format::Xlsx => xlsx(r).map_err(|e| e.to_string()),
        Format::Docx => crate::docx::resolution(r, signed_on),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_lines_take_leading_zeros() {
        assert_eq!(
            date_line("Phùng Chí Kiên", Date::constant(2026, 2, 5)),
            "Phùng Chí Kiên, ngày 05 tháng 02 năm 2026"
        );
        assert_eq!(
            date_line("Phùng Chí Kiên", Date::constant(2021, 12, 15)),
            "Phùng Chí Kiên, ngày 15 tháng 12 năm 2021"
        );
        assert_eq!(place_name("Phường Phùng Chí Kiên"), "Phùng Chí Kiên");
    }
}
