//! Public works: one work per row, with the groups it runs through.

use xaphuong_core::works::{WorkInput, WorkKind};

use super::{Column, Fields, NOTE, Register, texts};
use crate::xlsx::Cell;

pub struct Works;

impl Register for Works {
    type Input = WorkInput;
    const SHEET: &'static str = "Công trình";
    const TITLE: &'static str = "MẪU NHẬP DANH SÁCH CÔNG TRÌNH, TUYẾN ĐƯỜNG DÂN SINH";
    const COLUMNS: &'static [Column] = &[
        Column::new("name", "Tên công trình", 40.0)
            .or(&["cong trinh", "ten cong trinh, tuyen duong", "tuyen duong"])
            .required(),
        Column::new("kind", "Loại công trình", 24.0)
            .or(&["loai"])
            .required(),
        // Several groups are written one after another: "Tổ 5; Tổ 7".
        Column::new("group", "Tổ dân phố, thôn đi qua", 20.0).or(&[
            "to dan pho, thon",
            "to dan pho",
            "to",
            "thon",
            "dia diem",
        ]),
        Column::new("length", "Chiều dài (m)", 12.0).or(&["chieu dai", "dai (m)"]),
        Column::new("width", "Chiều rộng (m)", 12.0).or(&[
            "chieu rong",
            "rong (m)",
            "mat duong (m)",
        ]),
        Column::new("budget_province", "Ngân sách tỉnh (đồng)", 18.0)
            .or(&["ngan sach tinh", "von ngan sach tinh"]),
        Column::new("budget_commune", "Ngân sách xã (đồng)", 18.0).or(&[
            "ngan sach xa",
            "ngan sach phuong",
            "von ngan sach xa",
            "ngan sach xa, phuong (dong)",
        ]),
        Column::new("people_money", "Nhân dân đóng góp tiền (đồng)", 18.0).or(&[
            "nhan dan dong gop",
            "nhan dan dong gop (dong)",
            "tien nhan dan dong gop",
        ]),
        Column::new("people_labour_days", "Ngày công nhân dân", 12.0).or(&[
            "ngay cong",
            "ngay cong lao dong",
            "nhan dan gop ngay cong",
        ]),
        Column::new("people_land", "Đất nhân dân hiến (m²)", 14.0).or(&[
            "dat hien",
            "dat hien (m2)",
            "dat nhan dan hien (m2)",
            "dien tich dat hien",
        ]),
        Column::new("started_on", "Ngày khởi công", 14.0).or(&["khoi cong"]),
        Column::new("due_on", "Hạn hoàn thành", 14.0).or(&["han", "ngay hoan thanh theo ke hoach"]),
        Column::new("completed_on", "Ngày hoàn thành", 14.0).or(&["hoan thanh"]),
        Column::new("accepted_on", "Ngày nghiệm thu", 14.0)
            .or(&["nghiem thu", "ngay nghiem thu dua vao su dung"]),
        Column::new("documents", "Văn bản, hồ sơ", 36.0).or(&["van ban", "ho so", "quyet dinh"]),
        NOTE,
    ];

    fn example() -> Vec<Cell> {
        texts(&[
            "Bê tông hóa đường ngõ 12, tổ 5",
            WorkKind::RoadConcrete.label(),
            "Tổ 5",
            "250",
            "3,5",
            "150.000.000",
            "50.000.000",
            "40.000.000",
            "300",
            "45,5",
            "01/03/2022",
            "30/06/2022",
            "20/06/2022",
            "15/07/2022",
            "Biên bản nghiệm thu số 07/BB-NT ngày 15/7/2022",
            "",
        ])
    }

    fn input(f: &Fields) -> WorkInput {
        WorkInput {
            name: f.get("name"),
            kind: f.code("kind", WorkKind::read, WorkKind::as_str),
            length: f.get("length"),
            width: f.get("width"),
            budget_province: f.get("budget_province"),
            budget_commune: f.get("budget_commune"),
            people_money: f.get("people_money"),
            people_labour_days: f.get("people_labour_days"),
            people_land: f.get("people_land"),
            started_on: f.date("started_on"),
            due_on: f.date("due_on"),
            completed_on: f.date("completed_on"),
            accepted_on: f.date("accepted_on"),
            documents: f.get("documents"),
            note: f.get("note"),
        }
    }
}

#[cfg(test)]
mod tests {
    use xaphuong_core::works::{WorkState, validate};

    use super::*;
    use crate::import::testing::{csv_rows, template_rows};

    #[test]
    fn the_template_reads_back_and_passes_the_rules() {
        let works = template_rows::<Works>();
        assert_eq!(works.len(), 1);
        assert_eq!(works[0].group, "Tổ 5");
        let input = &works[0].input;
        assert_eq!(
            (input.kind.as_str(), input.accepted_on.as_str()),
            ("road_concrete", "2022-07-15")
        );
        let v = validate(input, jiff::civil::date(2022, 12, 31)).unwrap();
        assert_eq!((v.length, v.width), (Some(25_000), Some(350)));
        assert_eq!(v.total_money(), 240_000_000);
        assert_eq!(v.state(), WorkState::Accepted);
    }

    #[test]
    fn older_headers_and_kinds_without_diacritics() {
        let rows = csv_rows::<Works>(
            "Cong trinh;Loai;To dan pho;Chieu dai;Ngay khoi cong\nRãnh tổ 3;ranh, cong thoat nuoc;\"Tổ 3; Tổ 4\";120;5/4/2023\n",
        );
        assert_eq!(rows[0].group, "Tổ 3; Tổ 4");
        let input = &rows[0].input;
        assert_eq!(
            (
                input.kind.as_str(),
                input.started_on.as_str(),
                input.length.as_str()
            ),
            ("drainage", "2023-04-05", "120")
        );
    }
}
