//! The statistics office's conversion table of 2025 (old commune → new
//! commune, "Bảng chuyển đổi đơn vị hành chính mới – cũ"; a copy is
//! published with the VietnamProvinces package, `dev/seed-data/2025-07/`):
//! which merges it asks of the communes a deployment holds.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use crate::units::Kind;

/// A row of the table: one old commune and the new one it went into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConversionRow {
    /// Line of the file, for messages.
    pub row: usize,
    pub province_code: String,
    pub province_name: String,
    pub new_code: String,
    pub new_name: String,
    pub old_code: String,
    pub old_name: String,
    /// "Nhập toàn bộ", "Nhập một phần", "Giữ nguyên", …
    pub note: String,
}

/// The merge a new commune asks of the communes a deployment holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Conversion {
    pub province_code: String,
    pub province_name: String,
    pub new_code: String,
    pub new_name: String,
    pub new_kind: Kind,
    /// Codes of the old communes held, each given to one new commune.
    pub predecessors: Vec<String>,
    /// The old commune that goes on as the new one (same code and name, or
    /// the only one); none: a new unit is made.
    pub into: Option<String>,
    /// Old communes split among several new ones: their records stay with
    /// the first new commune the table lists them under.
    pub shared: Vec<String>,
}

/// The kind a commune's name says ("Phường …", "Xã …", "Đặc khu …").
pub fn commune_kind(name: &str) -> Kind {
    let n = crate::text::fold(name);
    if n.starts_with("phuong") {
        Kind::Phuong
    } else if n.starts_with("dac khu") {
        Kind::DacKhu
    } else if n.starts_with("thi tran") {
        Kind::ThiTran
    } else {
        Kind::Xa
    }
}

/// The kind a province's name says.
pub fn province_kind(name: &str) -> Kind {
    if crate::text::fold(name).starts_with("thanh pho") {
        Kind::ThanhPhoTrungUong
    } else {
        Kind::Tinh
    }
}

/// The merges `rows` ask of the communes in force that a deployment holds
/// (`held`: code → name), in the table's order. A new commune none of whose
/// old ones is held asks nothing.
pub fn plan(rows: &[ConversionRow], held: &HashMap<String, String>) -> Vec<Conversion> {
    let mut order: Vec<&str> = Vec::new();
    let mut groups: HashMap<&str, Vec<&ConversionRow>> = HashMap::new();
    let mut seen_in: HashMap<&str, HashSet<&str>> = HashMap::new();
    for r in rows {
        if !groups.contains_key(r.new_code.as_str()) {
            order.push(&r.new_code);
        }
        groups.entry(&r.new_code).or_default().push(r);
        seen_in.entry(&r.old_code).or_default().insert(&r.new_code);
    }
    let mut given: HashSet<&str> = HashSet::new();
    let mut out = Vec::new();
    for code in order {
        let rs = &groups[code];
        let first = rs[0];
        let mut predecessors = Vec::new();
        let mut shared = Vec::new();
        for r in rs {
            if !held.contains_key(&r.old_code) {
                continue;
            }
            if seen_in[r.old_code.as_str()].len() > 1 {
                shared.push(r.old_code.clone());
            }
            if given.insert(&r.old_code) {
                predecessors.push(r.old_code.clone());
            }
        }
        if predecessors.is_empty() {
            continue;
        }
        let same =
            |c: &String| *c == first.new_code && held.get(c).is_some_and(|n| *n == first.new_name);
        let into = match predecessors.as_slice() {
            [only] => Some(only.clone()),
            many => many.iter().find(|c| same(c)).cloned(),
        };
        out.push(Conversion {
            province_code: first.province_code.clone(),
            province_name: first.province_name.clone(),
            new_code: first.new_code.clone(),
            new_name: first.new_name.clone(),
            new_kind: commune_kind(&first.new_name),
            predecessors,
            into,
            shared,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(new: (&str, &str), old: (&str, &str), note: &str) -> ConversionRow {
        ConversionRow {
            row: 0,
            province_code: "19".into(),
            province_name: "Tỉnh Thái Nguyên".into(),
            new_code: new.0.into(),
            new_name: new.1.into(),
            old_code: old.0.into(),
            old_name: old.1.into(),
            note: note.into(),
        }
    }

    #[test]
    fn the_table_asks_a_merge_of_the_communes_held() {
        let bk = ("01843", "Phường Bắc Kạn");
        let dx = ("01840", "Phường Đức Xuân");
        let rows = [
            row(dx, ("01834", "Phường Nguyễn Thị Minh Khai"), "Nhập toàn bộ"),
            row(dx, ("01840", "Phường Đức Xuân"), "Nhập toàn bộ"),
            row(bk, ("01837", "Phường Sông Cầu"), "Nhập toàn bộ"),
            row(bk, ("01843", "Phường Phùng Chí Kiên"), "Nhập toàn bộ"),
            row(bk, ("01852", "Xã Nông Thượng"), "Nhập một phần"),
            row(
                ("01858", "Xã Bằng Thành"),
                ("01852", "Xã Nông Thượng"),
                "Nhập một phần",
            ),
            row(
                ("09999", "Xã Khác"),
                ("09998", "Xã Không Có"),
                "Nhập toàn bộ",
            ),
        ];
        let held: HashMap<String, String> = [
            ("01834", "Phường Nguyễn Thị Minh Khai"),
            ("01840", "Phường Đức Xuân"),
            ("01837", "Phường Sông Cầu"),
            ("01843", "Phường Phùng Chí Kiên"),
            ("01852", "Xã Nông Thượng"),
        ]
        .iter()
        .map(|(c, n)| ((*c).to_owned(), (*n).to_owned()))
        .collect();
        let p = plan(&rows, &held);
        assert_eq!(p.len(), 2);
        // Đức Xuân goes on, taking Nguyễn Thị Minh Khai.
        assert_eq!(p[0].into.as_deref(), Some("01840"));
        assert_eq!(p[0].predecessors, ["01834", "01840"]);
        // Bắc Kạn is new, though it keeps Phùng Chí Kiên's code; Nông
        // Thượng, split, stays with it, the first listed.
        assert_eq!(p[1].into, None);
        assert_eq!(p[1].new_kind, Kind::Phuong);
        assert_eq!(p[1].predecessors, ["01837", "01843", "01852"]);
        assert_eq!(p[1].shared, ["01852"]);
        assert_eq!(commune_kind("Đặc khu Côn Đảo"), Kind::DacKhu);
        assert_eq!(province_kind("Thành phố Hà Nội"), Kind::ThanhPhoTrungUong);
    }
}
