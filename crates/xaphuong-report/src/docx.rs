//! Reports as Word documents in the layout of Nghị định 30/2020/NĐ-CP,
//! Phụ lục I: A4, margins 20/20/30/15 mm, Times New Roman 13–14 pt, the
//! agency and national-motto blocks side by side, page numbers centred in
//! the top margin from page 2.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BorderType, Docx, Header, LineSpacing, PageMargin, PageNum, Paragraph,
    ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, RunFonts, SpecialIndentType,
    Table, TableBorders, TableCell, TableRow, WidthType,
};
use jiff::civil::Date;
use xaphuong_core::resolutions::ResolutionReport;

use crate::resolution::{heading, table};

/// A4 in twips (1/1440 inch).
const A4: (u32, u32) = (11_906, 16_838);
/// 20 mm top and bottom, 30 mm left, 15 mm right (the minimum margins).
const MARGIN: (i32, i32, i32, i32) = (1134, 1134, 1701, 850);
/// The writing width: 210 − 30 − 15 mm.
const WIDTH: usize = 11_906 - 1701 - 850;
/// Half-points.
const BODY: usize = 28;
const HEAD: usize = 26;
/// 6 pt after each paragraph, in twentieths of a point.
const AFTER: u32 = 120;

pub(crate) fn run(text: &str) -> Run {
    Run::new().add_text(text)
}

pub(crate) fn centred(r: Run) -> Paragraph {
    Paragraph::new().add_run(r).align(AlignmentType::Center)
}

/// A horizontal rule, `inset` twips shorter than the column on each side:
/// an empty paragraph with a top border, so the text above keeps its width.
pub(crate) fn rule(inset: i32) -> Paragraph {
    let line = ParagraphBorder::new(ParagraphBorderPosition::Top)
        .val(BorderType::Single)
        .size(6)
        .space(0);
    Paragraph::new()
        .add_run(run("").size(4))
        .size(4)
        .set_borders(ParagraphBorders::with_empty().set(line))
        .indent(Some(inset), None, Some(inset), None)
        .line_spacing(LineSpacing::new().before(0).after(0).line(80))
}

fn body(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text).size(BODY))
        .align(AlignmentType::Both)
        .indent(Some(0), Some(SpecialIndentType::FirstLine(720)), None, None)
        .line_spacing(LineSpacing::new().after(AFTER))
}

fn section(text: &str) -> Paragraph {
    Paragraph::new()
        .add_run(run(text).size(BODY).bold())
        .line_spacing(LineSpacing::new().before(AFTER).after(AFTER))
}

pub(crate) fn cell(paragraphs: Vec<Paragraph>, width: usize) -> TableCell {
    let mut c = TableCell::new()
        .width(width, WidthType::Dxa)
        .clear_all_border();
    for p in paragraphs {
        c = c.add_paragraph(p);
    }
    c
}

pub(crate) fn grid_cell(text: &str, width: usize, bold: bool) -> TableCell {
    let mut r = run(text).size(22);
    if bold {
        r = r.bold();
    }
    // Borders on each cell too: LibreOffice ignores the table's own.
    TableCell::new()
        .width(width, WidthType::Dxa)
        .set_borders(docx_rs::TableCellBorders::new())
        .add_paragraph(Paragraph::new().add_run(r))
}

/// Half-point lines round every cell of a table of figures.
pub(crate) fn grid_borders() -> TableBorders {
    use docx_rs::{TableBorder, TableBorderPosition as P};
    [P::Top, P::Left, P::Bottom, P::Right, P::InsideH, P::InsideV]
        .into_iter()
        .fold(TableBorders::new(), |b, p| {
            b.set(TableBorder::new(p).size(4))
        })
}

/// The resolution report as a DOCX file.
pub fn resolution(r: &ResolutionReport, signed_on: Date) -> Result<Vec<u8>, String> {
    let h = heading(r, signed_on);
    // 6,7 cm holds "PHƯỜNG PHÙNG CHÍ KIÊN" on one line; the rest holds
    // the Quốc hiệu at 12 pt.
    let left_w = 3800;
    let right_w = WIDTH - left_w;
    let mut agency = Vec::new();
    if let Some(s) = &h.superior {
        agency.push(centred(run(s).size(24)));
    }
    agency.push(centred(run(&h.issuer[0]).size(24).bold()));
    agency.push(centred(run(&h.issuer[1]).size(24).bold()));
    agency.push(rule(1000));
    agency.push(centred(run(h.number).size(HEAD)).line_spacing(LineSpacing::new().before(AFTER)));
    let motto = vec![
        centred(run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").size(24).bold()),
        centred(run("Độc lập - Tự do - Hạnh phúc").size(HEAD).bold()),
        rule(1250),
        centred(run(&h.place_date).size(BODY).italic())
            .line_spacing(LineSpacing::new().before(AFTER)),
    ];
    let masthead = Table::new(vec![TableRow::new(vec![
        cell(agency, left_w),
        cell(motto, right_w),
    ])])
    .set_grid(vec![left_w, right_w])
    .width(WIDTH, WidthType::Dxa)
    .clear_all_border();

    let mut doc = Docx::new()
        .page_size(A4.0, A4.1)
        .page_margin(
            PageMargin::new()
                .top(MARGIN.0)
                .bottom(MARGIN.1)
                .left(MARGIN.2)
                .right(MARGIN.3)
                .header(567)
                .footer(567),
        )
        .default_fonts(
            RunFonts::new()
                .ascii("Times New Roman")
                .hi_ansi("Times New Roman")
                .east_asia("Times New Roman")
                .cs("Times New Roman"),
        )
        .default_size(BODY)
        // Page numbers centred in the top margin, none on page 1.
        .header(
            Header::new().add_paragraph(
                Paragraph::new()
                    .add_page_num(PageNum::new())
                    .align(AlignmentType::Center)
                    .size(BODY),
            ),
        )
        .first_header(Header::new())
        .title_pg()
        .add_table(masthead)
        .add_paragraph(
            centred(run(h.kind).size(BODY).bold()).line_spacing(LineSpacing::new().before(360)),
        )
        .add_paragraph(centred(run(&h.subject).size(BODY).bold()))
        .add_paragraph(rule(3500))
        .add_paragraph(
            centred(
                run(&format!(
                    "Số liệu tính từ sổ theo dõi đến ngày {}",
                    r.as_of.strftime("%d/%m/%Y")
                ))
                .size(24)
                .italic(),
            )
            .line_spacing(LineSpacing::new().before(AFTER).after(AFTER)),
        );

    doc = doc.add_paragraph(section(&format!(
        "I. KẾT QUẢ THỰC HIỆN NGHỊ QUYẾT NĂM {}{}",
        r.year,
        r.resolution
            .as_ref()
            .map(|n| format!(" (Nghị quyết số {n})"))
            .unwrap_or_default()
    )));
    for (n, (field, lines)) in r.by_field().iter().enumerate() {
        doc = doc.add_paragraph(section(&format!("{}. {}", n + 1, field.label())));
        for l in lines {
            let text = format!("- {}.", crate::resolution::result_text(l));
            doc = doc.add_paragraph(body(&text));
        }
    }
    doc = doc.add_paragraph(section(&format!(
        "II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {}",
        r.year + 1
    )));
    if r.next_targets.is_empty() {
        doc = doc.add_paragraph(body("Chưa có Nghị quyết năm sau."));
    } else {
        doc = doc.add_paragraph(body(&format!(
            "Các chỉ tiêu chủ yếu{}:",
            r.next_resolution
                .as_ref()
                .map(|n| format!(" (Nghị quyết số {n})"))
                .unwrap_or_default()
        )));
        for l in &r.next_targets {
            if let Some(t) = l.line.target_sentence() {
                doc = doc.add_paragraph(body(&format!("- {t}.")));
            }
        }
    }

    // The table of indicators.
    let widths = [560, 2595, 650, 1750, 1900, 850, 1050];
    let head = [
        "TT",
        "Chỉ tiêu",
        "Đơn vị",
        "Chỉ tiêu NQ",
        "Thực hiện",
        "Tỷ lệ (%)",
        "Đánh giá",
    ];
    let mut rows = vec![TableRow::new(
        head.iter()
            .zip(widths)
            .map(|(t, w)| grid_cell(t, w, true))
            .collect(),
    )];
    for (i, row) in table(r).iter().enumerate() {
        let mut cells = vec![grid_cell(&(i + 1).to_string(), widths[0], false)];
        cells.extend(
            row.iter()
                .zip(&widths[1..])
                .map(|(t, w)| grid_cell(t, *w, false)),
        );
        rows.push(TableRow::new(cells));
    }
    doc = doc
        .add_paragraph(section("Bảng tổng hợp chỉ tiêu"))
        .add_table(
            Table::new(rows)
                .set_borders(grid_borders())
                .set_grid(widths.to_vec())
                .width(WIDTH, WidthType::Dxa),
        );

    // Nơi nhận (left) and the signature block (right).
    let to = vec![
        Paragraph::new()
            .add_run(run("Nơi nhận:").size(24).bold().italic())
            .line_spacing(LineSpacing::new().before(240)),
        Paragraph::new().add_run(run("- Thường trực HĐND phường;").size(22)),
        Paragraph::new().add_run(run("- Lãnh đạo UBND phường;").size(22)),
        Paragraph::new().add_run(run("- Lưu: VT.").size(22)),
    ];
    let sign = vec![
        centred(run("TM. ỦY BAN NHÂN DÂN").size(BODY).bold())
            .line_spacing(LineSpacing::new().before(240)),
        centred(run("CHỦ TỊCH").size(BODY).bold()),
    ];
    doc = doc.add_table(
        Table::new(vec![TableRow::new(vec![
            cell(to, left_w),
            cell(sign, right_w),
        ])])
        .set_grid(vec![left_w, right_w])
        .width(WIDTH, WidthType::Dxa)
        .clear_all_border(),
    );

    let mut out = Cursor::new(Vec::new());
    doc.build()
        .pack(&mut out)
        .map_err(|e| format!("Không tạo được tệp DOCX: {e}"))?;
    Ok(out.into_inner())
}
