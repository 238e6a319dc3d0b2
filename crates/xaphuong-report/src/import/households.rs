//! The household register (sổ hộ): one member per row, the household's
//! columns repeated on each of its members' rows, as wards keep it in Excel.

use xaphuong_core::households::{Area, HouseholdInput, MemberInput, MemberRow, Relation, Sex};

use super::{AREA, Column, Fields, Register, household_code, iso_date, texts};
use crate::xlsx::Cell;

pub struct Households;

impl Register for Households {
    type Input = MemberRow;
    const SHEET: &'static str = "Sổ hộ";
    const TITLE: &'static str = "MẪU NHẬP SỔ HỘ GIA ĐÌNH (MỖI DÒNG MỘT THÀNH VIÊN)";
    const COLUMNS: &'static [Column] = &[
        household_code("code"),
        Column::new("head_name", "Họ tên chủ hộ", 26.0)
            .or(&["ho va ten chu ho", "ten chu ho", "chu ho"])
            .required(),
        Column::new("address", "Địa chỉ", 30.0).or(&[
            "dia chi thuong tru",
            "dia chi cu tru",
            "noi cu tru",
            "noi thuong tru",
        ]),
        Column::new("group", "Tổ dân phố", 14.0).or(&[
            "to dan pho, thon",
            "to dan pho/thon",
            "thon, to dan pho",
            "to",
            "thon",
        ]),
        AREA,
        Column::new("full_name", "Họ tên thành viên", 26.0)
            .or(&[
                "ho va ten thanh vien",
                "ten thanh vien",
                "ho ten nhan khau",
                "ho va ten nhan khau",
                "ho ten",
                "ho va ten",
            ])
            .required(),
        Column::new("relation", "Quan hệ với chủ hộ", 16.0)
            .or(&["quan he", "quan he chu ho", "quan he voi chu ho gia dinh"])
            .required(),
        Column::new("birth_year", "Năm sinh", 10.0)
            .or(&["ngay sinh", "ngay, thang, nam sinh", "ngay thang nam sinh"])
            .required(),
        Column::new("sex", "Giới tính", 10.0).or(&["gioi", "nam/nu", "nam, nu"]),
        Column::new("citizen_id", "Số định danh cá nhân", 18.0).or(&[
            "so dinh danh ca nhan (cccd)",
            "so dinh danh",
            "ma dinh danh",
            "ma so dinh danh ca nhan",
            "cccd",
            "so cccd",
            "can cuoc cong dan",
            "so can cuoc cong dan",
            "so can cuoc",
        ]),
    ];

    fn example() -> Vec<Cell> {
        texts(&[
            "PCK-T05-0001",
            "Nguyễn Văn Hùng",
            "Số 12, ngõ 3, Tổ 5",
            "Tổ 5",
            Area::Urban.label(),
            "Nguyễn Văn Hùng",
            Relation::Head.label(),
            "1975",
            Sex::Male.label(),
            // 001 Hà Nội, 0 = male born 1900–1999, 75 = 1975.
            "001075008642",
        ])
    }

    fn input(f: &Fields) -> MemberRow {
        let code = f.get("code");
        MemberRow {
            household: HouseholdInput {
                code: code.clone(),
                head_name: f.get("head_name"),
                address: f.get("address"),
                group: f.get("group"),
                // Empty: the store applies the unit's area.
                area: f.code("area", Area::from_written, Area::as_str),
            },
            member: MemberInput {
                household: code,
                full_name: f.get("full_name"),
                relation: f.code("relation", Relation::from_written, Relation::as_str),
                birth_year: birth_year(&f.get("birth_year")),
                sex: f.code("sex", Sex::read, Sex::as_str),
                // As written: a number cell that lost its leading zero (11
                // digits) is refused by the rules with the count of digits.
                citizen_id: f.get("citizen_id"),
            },
        }
    }
}

/// The year of a full date of birth (`dd/mm/yyyy`, or ISO as a date cell
/// reads), so a "Ngày sinh" column serves; anything else as written.
fn birth_year(written: &str) -> String {
    let iso = iso_date(written);
    let parts: Vec<&str> = iso.split('-').collect();
    match parts.as_slice() {
        [y, m, d]
            if y.len() == 4
                && m.len() == 2
                && d.len() == 2
                && iso.chars().all(|c| c.is_ascii_digit() || c == '-') =>
        {
            (*y).to_owned()
        }
        _ => written.trim().to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use xaphuong_core::households::{validate_household, validate_member};

    use super::*;
    use crate::import::relabel;
    use crate::import::testing::{csv_refused, csv_rows, template_rows};

    #[test]
    fn the_template_reads_back_and_passes_the_rules() {
        let members = template_rows::<Households>();
        assert_eq!(members.len(), 1);
        let m = &members[0];
        assert_eq!(m.group, "Tổ 5");
        assert_eq!(
            m.input,
            MemberRow {
                household: HouseholdInput {
                    code: "PCK-T05-0001".into(),
                    head_name: "Nguyễn Văn Hùng".into(),
                    address: "Số 12, ngõ 3, Tổ 5".into(),
                    group: "Tổ 5".into(),
                    area: "urban".into(),
                },
                member: MemberInput {
                    household: "PCK-T05-0001".into(),
                    full_name: "Nguyễn Văn Hùng".into(),
                    relation: "head".into(),
                    birth_year: "1975".into(),
                    sex: "male".into(),
                    citizen_id: "001075008642".into(),
                },
            }
        );
        let h = validate_household(&m.input.household).unwrap();
        assert_eq!((h.area, h.group.as_str()), (Area::Urban, "Tổ 5"));
        let v = validate_member(&m.input.member, 2025).unwrap();
        assert_eq!(
            (v.relation, v.sex, v.birth_year, v.citizen_id.as_deref()),
            (Relation::Head, Sex::Male, 1975, Some("001075008642"))
        );
    }

    #[test]
    fn headers_without_diacritics_and_aliases() {
        let csv = "Ma ho,Chu ho,Dia chi,To dan pho,Khu vuc,Ho va ten,Quan he,Ngay sinh,Gioi tinh,CCCD\n\
            PCK-T05-0002,Trần Văn Bình,\"Số 4, ngõ 7\",Tổ 5,nong thon,Trần Văn Bình,chu ho,1968,nam,001068001234\n\
            PCK-T05-0002,Trần Văn Bình,\"Số 4, ngõ 7\",Tổ 5,,Lê Thị Mai,Vợ,12/05/1970,Nữ,01170001234\n\
            PCK-T05-0002,Trần Văn Bình,\"Số 4, ngõ 7\",Tổ 5,,Trần Minh,hàng xóm,2001-03-09,khác,\n";
        let members = csv_rows::<Households>(csv);
        let got: Vec<_> = members
            .iter()
            .map(|r| {
                let (h, m) = (&r.input.household, &r.input.member);
                (
                    r.row,
                    r.group.as_str(),
                    h.code.as_str(),
                    h.group.as_str(),
                    h.area.as_str(),
                    m.household.as_str(),
                    m.full_name.as_str(),
                    m.relation.as_str(),
                    m.birth_year.as_str(),
                    m.sex.as_str(),
                    m.citizen_id.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    2,
                    "Tổ 5",
                    "PCK-T05-0002",
                    "Tổ 5",
                    "rural",
                    "PCK-T05-0002",
                    "Trần Văn Bình",
                    "head",
                    "1968",
                    "male",
                    "001068001234"
                ),
                (
                    3,
                    "Tổ 5",
                    "PCK-T05-0002",
                    "Tổ 5",
                    "",
                    "PCK-T05-0002",
                    "Lê Thị Mai",
                    "wife",
                    "1970",
                    "female",
                    "01170001234"
                ),
                (
                    4,
                    "Tổ 5",
                    "PCK-T05-0002",
                    "Tổ 5",
                    "",
                    "PCK-T05-0002",
                    "Trần Minh",
                    "hàng xóm",
                    "2001",
                    "khác",
                    ""
                ),
            ]
        );
        assert_eq!(members[0].input.household.address, "Số 4, ngõ 7");
        assert!(validate_member(&members[0].input.member, 2025).is_ok());
        // The number that lost its leading zero is refused by the rules,
        // under the column's header.
        let e = relabel::<Households>(validate_member(&members[1].input.member, 2025).unwrap_err());
        assert_eq!(
            e.message_for("Số định danh cá nhân"),
            Some("Số định danh cá nhân phải có đúng 12 chữ số (đã nhập 11 chữ số)")
        );
        let e = relabel::<Households>(validate_member(&members[2].input.member, 2025).unwrap_err());
        assert_eq!(e.fields(), ["Quan hệ với chủ hộ", "Giới tính"]);
    }

    #[test]
    fn birth_years_from_dates() {
        assert_eq!(birth_year("1975"), "1975");
        assert_eq!(birth_year(" 1975 "), "1975");
        assert_eq!(birth_year("2/3/1975"), "1975");
        assert_eq!(birth_year("1975-03-02"), "1975");
        assert_eq!(birth_year("3/1975"), "3/1975");
        assert_eq!(birth_year("năm 1975"), "năm 1975");
        assert_eq!(birth_year(""), "");
    }

    #[test]
    fn missing_columns_are_named() {
        let e = csv_refused::<Households>("Mã hộ,Địa chỉ,Giới tính\nA,B,Nam\n");
        assert_eq!(
            e.fields(),
            [
                "Họ tên chủ hộ",
                "Họ tên thành viên",
                "Quan hệ với chủ hộ",
                "Năm sinh"
            ]
        );
        assert_eq!(
            e.message_for("Năm sinh"),
            Some("Thiếu cột «Năm sinh» ở dòng tiêu đề")
        );
    }
}
