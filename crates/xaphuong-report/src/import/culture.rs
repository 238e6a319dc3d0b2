//! The "Gia đình văn hóa" review (bình xét): one household's assessment of
//! a year per row.

use xaphuong_core::households::{CultureInput, CultureRow};

use super::{Column, Fields, Register, household_code};
use crate::xlsx::Cell;

pub struct CultureReviews;

impl Register for CultureReviews {
    type Input = CultureRow;
    const SHEET: &'static str = "Gia đình văn hóa";
    const TITLE: &'static str = "MẪU NHẬP KẾT QUẢ BÌNH XÉT GIA ĐÌNH VĂN HÓA";
    const COLUMNS: &'static [Column] = &[
        household_code("household"),
        Column::new("year", "Năm", 8.0)
            .or(&["nam binh xet", "nam xet", "nam danh gia"])
            .required(),
        Column::new("law", "Tiêu chuẩn I (chấp hành pháp luật)", 18.0).or(&[
            "tieu chuan i",
            "tieu chuan 1",
            "tc i",
            "tc1",
            "tc 1",
            "chap hanh phap luat",
        ]),
        Column::new("emulation", "Tiêu chuẩn II (phong trào thi đua)", 18.0).or(&[
            "tieu chuan ii",
            "tieu chuan 2",
            "tc ii",
            "tc2",
            "tc 2",
            "phong trao thi dua",
        ]),
        Column::new("family", "Tiêu chuẩn III (gia đình no ấm, hạnh phúc)", 18.0).or(&[
            "tieu chuan iii",
            "tieu chuan 3",
            "tc iii",
            "tc3",
            "tc 3",
            "gia dinh no am, hanh phuc",
            "no am, hanh phuc",
        ]),
        Column::new("exclusions", "Trường hợp không xét", 30.0).or(&[
            "truong hop khong xet tang",
            "khong xet tang",
            "khong xet",
            "ly do khong xet",
            "ly do khong xet tang",
        ]),
        Column::new("meeting_date", "Ngày họp bình xét", 14.0).or(&[
            "ngay hop",
            "ngay binh xet",
            "ngay hop xet",
        ]),
        Column::new("posting_from", "Niêm yết từ ngày", 14.0).or(&[
            "niem yet tu",
            "ngay niem yet",
            "ngay bat dau niem yet",
            "tu ngay",
        ]),
        Column::new("posting_to", "Niêm yết đến ngày", 14.0).or(&[
            "niem yet den",
            "ngay ket thuc niem yet",
            "ngay het niem yet",
            "den ngay",
        ]),
        Column::new("decision_date", "Ngày quyết định", 14.0).or(&[
            "ngay quyet dinh cong nhan",
            "ngay ky quyet dinh",
            "ngay qd",
            "ngay qd cong nhan",
        ]),
    ];

    fn example() -> Vec<Cell> {
        vec![
            Cell::from("PCK-T05-0001"),
            Cell::from("2025"),
            Cell::from("Đạt"),
            Cell::from("Đạt"),
            Cell::from("Đạt"),
            Cell::Empty,
            Cell::from("10/11/2025"),
            Cell::from("11/11/2025"),
            Cell::from("20/11/2025"),
            Cell::from("28/11/2025"),
        ]
    }

    fn input(f: &Fields) -> CultureRow {
        CultureRow {
            household: f.get("household"),
            culture: CultureInput {
                year: f.get("year"),
                // "Đạt" / "Không đạt" / x / blank: read by the rules.
                law: f.get("law"),
                emulation: f.get("emulation"),
                family: f.get("family"),
                exclusions: f.get("exclusions"),
                meeting_date: f.date("meeting_date"),
                posting_from: f.date("posting_from"),
                posting_to: f.date("posting_to"),
                decision_date: f.date("decision_date"),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use xaphuong_core::households::{Exclusion, decide, validate_culture};

    use super::*;
    use crate::import::relabel;
    use crate::import::testing::{csv_refused, csv_rows, template_rows};

    #[test]
    fn the_template_reads_back_and_passes_the_rules() {
        let reviews = template_rows::<CultureReviews>();
        assert_eq!(reviews.len(), 1);
        assert_eq!(
            reviews[0].input,
            CultureRow {
                household: "PCK-T05-0001".into(),
                culture: CultureInput {
                    year: "2025".into(),
                    law: "Đạt".into(),
                    emulation: "Đạt".into(),
                    family: "Đạt".into(),
                    exclusions: String::new(),
                    meeting_date: "2025-11-10".into(),
                    posting_from: "2025-11-11".into(),
                    posting_to: "2025-11-20".into(),
                    decision_date: "2025-11-28".into(),
                },
            }
        );
        let v = validate_culture(&reviews[0].input.culture).unwrap();
        assert!(decide(&v.assessment, v.year).recognised);
    }

    #[test]
    fn headers_without_diacritics_and_aliases() {
        let csv = "Ma ho,Nam binh xet,Tieu chuan I,TC2,Tieu chuan III,Khong xet tang,Ngay hop,Niem yet tu,Niem yet den,Ngay QD\n\
            PCK-T05-0002,2025,x,Đạt,không đạt,tảo hôn; đánh bạc,3/11/2025,2025-11-04,13.11.2025,\n";
        let reviews = csv_rows::<CultureReviews>(csv);
        assert_eq!(
            reviews[0].input,
            CultureRow {
                household: "PCK-T05-0002".into(),
                culture: CultureInput {
                    year: "2025".into(),
                    law: "x".into(),
                    emulation: "Đạt".into(),
                    family: "không đạt".into(),
                    exclusions: "tảo hôn; đánh bạc".into(),
                    meeting_date: "2025-11-03".into(),
                    posting_from: "2025-11-04".into(),
                    posting_to: "2025-11-13".into(),
                    decision_date: String::new(),
                },
            }
        );
        let v = validate_culture(&reviews[0].input.culture).unwrap();
        assert_eq!(
            (
                v.assessment.law,
                v.assessment.emulation,
                v.assessment.family
            ),
            (true, true, false)
        );
        assert_eq!(
            v.assessment.exclusions,
            [Exclusion::ChildMarriage, Exclusion::Gambling]
        );
    }

    #[test]
    fn the_rules_name_the_columns() {
        let csv = "Mã hộ,Năm,Tiêu chuẩn I,Niêm yết từ ngày,Niêm yết đến ngày\n\
            PCK-T05-0002,2025,tốt,20/11/2025,11/11/2025\n";
        let reviews = csv_rows::<CultureReviews>(csv);
        let e = relabel::<CultureReviews>(validate_culture(&reviews[0].input.culture).unwrap_err());
        assert_eq!(
            e.fields(),
            [
                "Tiêu chuẩn I (chấp hành pháp luật)",
                "Ngày họp bình xét",
                "Niêm yết đến ngày"
            ]
        );
    }

    #[test]
    fn missing_columns_are_named() {
        let e = csv_refused::<CultureReviews>("Tiêu chuẩn I,Tiêu chuẩn II\nĐạt,Đạt\n");
        assert_eq!(e.fields(), ["Mã hộ", "Năm"]);
    }
}
