//! Culture and sport activities: one activity per row, with its group.

use xaphuong_core::activities::{ActivityInput, ActivityKind};

use super::{Column, Fields, GROUP, NOTE, Register, texts};
use crate::xlsx::Cell;

pub struct Activities;

impl Register for Activities {
    type Input = ActivityInput;
    const SHEET: &'static str = "Hoạt động";
    const TITLE: &'static str = "MẪU NHẬP HOẠT ĐỘNG VĂN HÓA, THỂ THAO Ở KHU DÂN CƯ";
    const COLUMNS: &'static [Column] = &[
        Column::new("held_on", "Ngày tổ chức", 14.0)
            .or(&["ngay", "ngay to chuc"])
            .required(),
        GROUP,
        Column::new("kind", "Loại hoạt động", 28.0)
            .or(&["loai"])
            .required(),
        Column::new("name", "Tên hoạt động", 40.0)
            .or(&["hoat dong", "noi dung"])
            .required(),
        Column::new("participants", "Số người tham gia", 14.0)
            .or(&["so nguoi", "nguoi tham gia", "so luot nguoi tham gia"])
            .required(),
        Column::new("place", "Địa điểm", 30.0).or(&["dia diem to chuc"]),
        NOTE,
    ];

    fn example() -> Vec<Cell> {
        texts(&[
            "02/09/2022",
            "Tổ 5",
            ActivityKind::Sport.label(),
            "Giải bóng chuyền hơi mừng Quốc khánh",
            "120",
            "Sân nhà văn hóa tổ 5",
            "",
        ])
    }

    fn input(f: &Fields) -> ActivityInput {
        ActivityInput {
            held_on: f.date("held_on"),
            kind: f.code("kind", ActivityKind::read, ActivityKind::as_str),
            name: f.get("name"),
            participants: f.get("participants"),
            place: f.get("place"),
            note: f.get("note"),
        }
    }
}

#[cfg(test)]
mod tests {
    use xaphuong_core::activities::validate;

    use super::*;
    use crate::import::testing::template_rows;

    #[test]
    fn the_template_reads_back_and_passes_the_rules() {
        let rows = template_rows::<Activities>();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].group, "Tổ 5");
        let v = validate(&rows[0].input, jiff::civil::date(2022, 12, 31)).unwrap();
        assert_eq!((v.kind, v.participants), (ActivityKind::Sport, 120));
    }
}
