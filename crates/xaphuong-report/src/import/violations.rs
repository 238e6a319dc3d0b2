//! The violation register: one case per row.

use xaphuong_core::violations::{CaseInput, Kind};

use super::{Column, Fields, GROUP, Register, texts};
use crate::xlsx::Cell;

pub struct Violations;

impl Register for Violations {
    type Input = CaseInput;
    const SHEET: &'static str = "Vi phạm";
    const TITLE: &'static str = "MẪU NHẬP SỔ THEO DÕI VI PHẠM TRẬT TỰ XÂY DỰNG";
    const COLUMNS: &'static [Column] = &[
        Column::new("detected_on", "Ngày phát hiện", 14.0).required(),
        Column::new("offender", "Hộ, cá nhân, tổ chức vi phạm", 32.0)
            .or(&["ho, ca nhan vi pham", "ho vi pham", "ho, ca nhan"])
            .required(),
        Column::new("address", "Địa chỉ, vị trí", 36.0)
            .or(&["dia chi", "vi tri"])
            .required(),
        GROUP,
        Column::new("kind", "Loại vi phạm", 34.0)
            .or(&["loai"])
            .required(),
        Column::new("description", "Mô tả", 40.0).or(&["noi dung"]),
    ];
    const EXPORT_ONLY: &'static [Column] = &[
        Column::new("state", "Tình trạng", 26.0),
        Column::new("deadline", "Hạn khắc phục", 14.0),
        Column::new("resolved_on", "Ngày khắc phục xong", 16.0),
    ];

    fn example() -> Vec<Cell> {
        texts(&[
            "02/03/2021",
            "Hộ ông Hoàng Văn Bảy",
            "Số 14, ngõ 12 đường Dương Mạc Hiếu",
            "Tổ 5",
            Kind::EscapeRoute.label(),
            "Dựng mái tôn lấn lối thoát hiểm",
        ])
    }

    fn input(f: &Fields) -> CaseInput {
        CaseInput {
            kind: f.code("kind", Kind::read, Kind::as_str),
            offender: f.get("offender"),
            address: f.get("address"),
            description: f.get("description"),
            detected_on: f.date("detected_on"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::testing::{csv_refused, template_rows};

    #[test]
    fn the_template_reads_back() {
        let cases = template_rows::<Violations>();
        let c = &cases[0];
        assert_eq!(
            (
                c.group.as_str(),
                c.input.kind.as_str(),
                c.input.detected_on.as_str()
            ),
            ("Tổ 5", "escape_route", "2021-03-02")
        );
    }

    #[test]
    fn missing_columns_are_named() {
        let e = csv_refused::<Violations>("Hộ vi phạm,Địa chỉ\nA,B\n");
        assert_eq!(e.fields(), ["Ngày phát hiện", "Loại vi phạm"]);
    }
}
