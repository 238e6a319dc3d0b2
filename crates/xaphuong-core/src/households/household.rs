//! Households (hộ gia đình) and their members, and who may see what of
//! their personal data.
//!
//! A member's personal identification number (số định danh cá nhân, also
//! the CCCD number) has 12 digits (Thông tư 59/2021/TT-BCA Art. 7): digits
//! 1–3 the province where the birth was registered, digit 4 the century of
//! birth and the sex, digits 5–6 the last two digits of the birth year, the
//! last six a random number. The province codes are those of the list in
//! force when the number was issued, so they are not checked here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::poverty::Area;
use crate::checks::{required_text, year_in};
use crate::onestop::lifecycle::mask_name;
use crate::users::Role;
use crate::{Invalid, text};

named_enum! {
    /// A member's relation to the head of the household.
    Relation {
        Head => ("head", "Chủ hộ"),
        Wife => ("wife", "Vợ"),
        Husband => ("husband", "Chồng"),
        Child => ("child", "Con"),
        Father => ("father", "Cha"),
        Mother => ("mother", "Mẹ"),
        Grandfather => ("grandfather", "Ông"),
        Grandmother => ("grandmother", "Bà"),
        Grandchild => ("grandchild", "Cháu"),
        Sibling => ("sibling", "Anh, chị, em"),
        DaughterInLaw => ("daughter_in_law", "Con dâu"),
        SonInLaw => ("son_in_law", "Con rể"),
        FatherInLaw => ("father_in_law", "Bố vợ, bố chồng"),
        MotherInLaw => ("mother_in_law", "Mẹ vợ, mẹ chồng"),
        Other => ("other", "Khác"),
    }
}

impl Relation {
    /// Other words officers write for the relation, lower case.
    pub fn aliases(self) -> &'static [&'static str] {
        use Relation::*;
        match self {
            Head => &["chủ hộ"],
            Wife => &["vợ"],
            Husband => &["chồng"],
            Child => &["con", "con trai", "con gái", "con đẻ", "con nuôi"],
            Father => &["cha", "bố", "ba", "cha đẻ", "bố đẻ"],
            Mother => &["mẹ", "má", "mẹ đẻ"],
            Grandfather => &["ông", "ông nội", "ông ngoại"],
            Grandmother => &["bà", "bà nội", "bà ngoại"],
            Grandchild => &["cháu", "cháu nội", "cháu ngoại"],
            Sibling => &[
                "anh",
                "chị",
                "em",
                "anh trai",
                "chị gái",
                "em trai",
                "em gái",
                "anh ruột",
                "chị ruột",
                "em ruột",
                "anh/chị/em",
                "anh chị em",
            ],
            DaughterInLaw => &["con dâu"],
            SonInLaw => &["con rể"],
            FatherInLaw => &["bố vợ", "bố chồng", "cha vợ", "cha chồng"],
            MotherInLaw => &["mẹ vợ", "mẹ chồng"],
            Other => &["khác"],
        }
    }

    /// The relation as written: its code, label or a usual word for it.
    /// Written with diacritics it must match exactly ("Ba" is the father,
    /// "Bà" the grandmother); without them it is accepted only when one
    /// relation fits ("ong noi" yes, "ba" as typed is the father).
    pub fn from_written(s: &str) -> Option<Relation> {
        let exact = text::clean(s).to_lowercase();
        if let Some(r) = Relation::parse(&exact) {
            return Some(r);
        }
        let names = || {
            Relation::ALL.iter().flat_map(|r| {
                std::iter::once(r.label())
                    .chain(r.aliases().iter().copied())
                    .map(move |n| (*r, n))
            })
        };
        if let Some((r, _)) = names().find(|(_, n)| n.to_lowercase() == exact) {
            return Some(r);
        }
        let key = text::fold(s);
        let mut hits = names()
            .filter(|(_, n)| text::fold(n) == key)
            .map(|(r, _)| r);
        let first = hits.next()?;
        hits.all(|r| r == first).then_some(first)
    }
}

named_enum! {
    Sex {
        Male => ("male", "Nam"),
        Female => ("female", "Nữ"),
    }
}

/// Digits of a personal identification number.
pub const CITIZEN_ID_DIGITS: usize = 12;

/// The birth year and sex a personal identification number encodes
/// (digit 4: 0/1 born 1900–1999 male/female, 2/3 2000–2099, 4/5 2100–2199,
/// and so on; digits 5–6: the year within the century), if it is 12 digits.
pub fn citizen_id_birth(id: &str) -> Option<(i16, Sex)> {
    let b = id.as_bytes();
    if b.len() != CITIZEN_ID_DIGITS || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let g = i16::from(b[3] - b'0');
    let yy = i16::from(b[4] - b'0') * 10 + i16::from(b[5] - b'0');
    let sex = if g % 2 == 0 { Sex::Male } else { Sex::Female };
    Some((1900 + 100 * (g / 2) + yy, sex))
}

/// Checks a personal identification number (field `citizen_id`): 12
/// digits (spaces and dots are dropped); when the birth year or the sex is
/// known, digits 4–6 must agree with them. Returns the digits.
pub fn validate_citizen_id(
    id: &str,
    birth_year: Option<i16>,
    sex: Option<Sex>,
) -> Result<String, Invalid> {
    const F: &str = "citizen_id";
    let id: String = id
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect();
    if id.is_empty() {
        return Err(Invalid::one(F, "Chưa nhập số định danh cá nhân"));
    }
    if !id.chars().all(|c| c.is_ascii_digit()) {
        return Err(Invalid::one(
            F,
            format!("Số định danh cá nhân chỉ gồm chữ số (đã nhập «{id}»)"),
        ));
    }
    if id.len() != CITIZEN_ID_DIGITS {
        return Err(Invalid::one(
            F,
            format!(
                "Số định danh cá nhân phải có đúng {CITIZEN_ID_DIGITS} chữ số (đã nhập {} chữ số)",
                id.len()
            ),
        ));
    }
    let Some((year, id_sex)) = citizen_id_birth(&id) else {
        return Err(Invalid::one(F, "Số định danh cá nhân không hợp lệ"));
    };
    let digit4 = &id[3..4];
    let mut e = Invalid::default();
    if let Some(b) = birth_year
        && b != year
    {
        let century = year - year.rem_euclid(100);
        if b.div_euclid(100) * 100 != century {
            e.push(
                F,
                format!(
                    "Chữ số thứ 4 của số định danh cá nhân ({digit4}) chỉ người sinh từ {century} đến {}, không khớp năm sinh {b}",
                    century + 99
                ),
            );
        } else {
            e.push(
                F,
                format!(
                    "Chữ số thứ 5–6 của số định danh cá nhân ({}) không khớp năm sinh {b}",
                    &id[4..6]
                ),
            );
        }
    }
    if let Some(s) = sex
        && s != id_sex
    {
        e.push(
            F,
            format!(
                "Chữ số thứ 4 của số định danh cá nhân ({digit4}) chỉ giới tính {}, không khớp giới tính đã nhập ({})",
                id_sex.label(),
                s.label()
            ),
        );
    }
    e.into_result()?;
    Ok(id)
}

/// The number with all but its first three (the province) and last three
/// digits hidden: "001090012345" → "001******345". Shorter texts are
/// hidden entirely.
pub fn mask_citizen_id(id: &str) -> String {
    let chars: Vec<char> = id.trim().chars().collect();
    let n = chars.len();
    if n <= 6 {
        return "*".repeat(n);
    }
    let mut out: String = chars[..3].iter().collect();
    out.push_str(&"*".repeat(n - 6));
    out.extend(&chars[n - 3..]);
    out
}

/// How a name is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NameView {
    Full,
    /// "Nguyễn V. A."
    Masked,
}

/// How a personal identification number is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdView {
    Full,
    /// "001******345"
    Masked,
    /// Not shown at all (for views outside any role, e.g. a list given to
    /// a third party).
    Hidden,
}

/// What of a household member's personal data a viewer sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonalView {
    pub names: NameView,
    pub citizen_id: IdView,
    pub birth_year: bool,
    /// Poverty reviews: income and deprivations.
    pub poverty: bool,
}

impl PersonalView {
    /// Names masked, number and birth year hidden.
    pub const NONE: PersonalView = PersonalView {
        names: NameView::Masked,
        citizen_id: IdView::Hidden,
        birth_year: false,
        poverty: false,
    };

    pub fn show_name(&self, full: &str) -> String {
        match self.names {
            NameView::Full => text::clean(full),
            NameView::Masked => mask_name(full),
        }
    }

    /// The number as shown, `None` when hidden.
    pub fn show_citizen_id(&self, id: &str) -> Option<String> {
        match self.citizen_id {
            IdView::Full => Some(id.trim().to_owned()),
            IdView::Masked => Some(mask_citizen_id(id)),
            IdView::Hidden => None,
        }
    }

    pub fn show_birth_year(&self, year: i16) -> Option<i16> {
        self.birth_year.then_some(year)
    }

    /// A household's address goes with its name: shown to whom sees names
    /// in full, else not at all (a masked name next to an address would
    /// still say who lives there), nor searched by.
    pub fn addresses(&self) -> bool {
        self.names == NameView::Full
    }

    pub fn show_address(&self, address: &str) -> String {
        if self.addresses() {
            text::clean(address)
        } else {
            String::new()
        }
    }
}

/// The whole rule of who sees what of household members (which households
/// a role reaches at all is the scope's concern, see [`crate::access`]):
/// - the administrator, the leaders and the specialist officers, who keep
///   and use the unit's household lists, see everything;
/// - a group head (tổ trưởng, trưởng thôn) works with the residents of the
///   group by name and age, but has no use for their numbers: names and
///   birth years in full, numbers masked;
/// - the one-stop officer handles dossiers, not household lists: names and
///   numbers masked, no birth year, no poverty review (enough to tell
///   whether a person at the counter is on a list, no more).
pub fn personal_view(role: Role) -> PersonalView {
    match role {
        Role::Admin | Role::Leader | Role::SpecialistOfficer => PersonalView {
            names: NameView::Full,
            citizen_id: IdView::Full,
            birth_year: true,
            poverty: true,
        },
        // The group's review meeting is the group head's to hold.
        Role::GroupHead => PersonalView {
            names: NameView::Full,
            citizen_id: IdView::Masked,
            birth_year: true,
            poverty: true,
        },
        Role::OneStopOfficer => PersonalView {
            names: NameView::Masked,
            citizen_id: IdView::Masked,
            birth_year: false,
            poverty: false,
        },
    }
}

/// Whether the role sees members' names in full.
pub fn may_see_personal_data(role: Role) -> bool {
    personal_view(role).names == NameView::Full
}

/// Whether the role sees personal identification numbers in full.
pub fn may_see_citizen_id(role: Role) -> bool {
    personal_view(role).citizen_id == IdView::Full
}

/// Longest name (chars).
pub const NAME_MAX: usize = 150;
const CODE_MAX: usize = 30;

/// Reads a household code (mã hộ): letters without diacritics, digits and
/// `- _ . /`, at most 30 characters.
fn household_code(e: &mut Invalid, field: &str, written: &str) -> String {
    let code = text::clean(written);
    if code.is_empty() {
        e.push(field, "Chưa nhập mã hộ");
    } else if code.len() > CODE_MAX
        || !code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
    {
        e.push(
            field,
            format!(
                "Mã hộ «{code}» chỉ gồm chữ cái không dấu, chữ số và các dấu - _ . /, tối đa {CODE_MAX} ký tự"
            ),
        );
    }
    code
}

fn name(e: &mut Invalid, field: &str, what: &str, written: &str) -> String {
    let missing = format!("Chưa nhập {}", what.to_lowercase());
    let too_long = format!("{what} dài quá {NAME_MAX} ký tự");
    required_text(e, field, written, NAME_MAX, &missing, &too_long)
}

fn area_message() -> String {
    format!("Khu vực phải là {}", Area::labels().replace(", ", " hoặc "))
}

/// A household as typed in a form or read from a row of an imported file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct HouseholdInput {
    /// Mã hộ.
    pub code: String,
    pub head_name: String,
    pub address: String,
    /// The residential group as written ("Tổ 5", "Thôn Nà Pài").
    pub group: String,
    /// "Thành thị" / "Nông thôn".
    pub area: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidHousehold {
    pub code: String,
    pub head_name: String,
    pub address: String,
    pub group: String,
    pub area: Area,
}

/// Checks a household: code (`code`), head's name (`head_name`, at most
/// 150 characters), address (`address`, at most 300), residential group
/// (`group`) and area (`area`), all required.
pub fn validate_household(input: &HouseholdInput) -> Result<ValidHousehold, Invalid> {
    let mut e = Invalid::default();
    let code = household_code(&mut e, "code", &input.code);
    let head_name = name(&mut e, "head_name", "Họ tên chủ hộ", &input.head_name);
    let address = required_text(
        &mut e,
        "address",
        &input.address,
        300,
        "Chưa nhập địa chỉ",
        "Địa chỉ dài quá 300 ký tự",
    );
    let group = required_text(
        &mut e,
        "group",
        &input.group,
        100,
        "Chưa nhập tổ dân phố, thôn",
        "Tên tổ dân phố, thôn dài quá 100 ký tự",
    );
    let area = Area::from_written(&input.area);
    if area.is_none() {
        e.push("area", area_message());
    }
    e.into_result()?;
    Ok(ValidHousehold {
        code,
        head_name,
        address,
        group,
        area: area.unwrap_or(Area::Urban),
    })
}

/// A member as typed in a form or read from a row of an imported file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct MemberInput {
    /// Mã hộ of the member's household.
    pub household: String,
    pub full_name: String,
    /// Quan hệ với chủ hộ: "Chủ hộ", "Vợ", "Con", …
    pub relation: String,
    pub birth_year: String,
    /// "Nam" / "Nữ".
    pub sex: String,
    /// Số định danh cá nhân; may be blank.
    pub citizen_id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidMember {
    pub household: String,
    pub full_name: String,
    pub relation: Relation,
    pub birth_year: i16,
    pub sex: Sex,
    pub citizen_id: Option<String>,
}

/// Checks a member: household code (`household`), name (`full_name`, at
/// most 150 characters), relation (`relation`), birth year (`birth_year`,
/// 1900 to `current_year`), sex (`sex`), and the personal identification
/// number (`citizen_id`) if given, which must agree with the birth year
/// and sex. Whether the household has exactly one head is
/// [`check_members`]'s concern.
pub fn validate_member(input: &MemberInput, current_year: i16) -> Result<ValidMember, Invalid> {
    let mut e = Invalid::default();
    let household = household_code(&mut e, "household", &input.household);
    let full_name = name(&mut e, "full_name", "Họ và tên", &input.full_name);
    let relation = Relation::from_written(&input.relation);
    if relation.is_none() {
        e.push(
            "relation",
            format!(
                "Quan hệ với chủ hộ «{}» không rõ; ghi một trong: {}",
                text::clean(&input.relation),
                Relation::labels()
            ),
        );
    }
    let birth_year = year_in(&input.birth_year, 1900..=current_year);
    if birth_year.is_none() {
        e.push(
            "birth_year",
            format!(
                "Năm sinh «{}» không hợp lệ (từ 1900 đến {current_year})",
                input.birth_year.trim()
            ),
        );
    }
    let sex = Sex::read(&input.sex);
    if sex.is_none() {
        e.push(
            "sex",
            format!(
                "Giới tính phải là {}",
                Sex::labels().replace(", ", " hoặc ")
            ),
        );
    }
    let citizen_id = if input.citizen_id.trim().is_empty() {
        None
    } else {
        match validate_citizen_id(&input.citizen_id, birth_year, sex) {
            Ok(id) => Some(id),
            Err(Invalid(errors)) => {
                e.0.extend(errors);
                None
            }
        }
    };
    e.into_result()?;
    let (Some(relation), Some(birth_year), Some(sex)) = (relation, birth_year, sex) else {
        return Err(Invalid::one("full_name", "Dữ liệu thành viên không đầy đủ"));
    };
    Ok(ValidMember {
        household,
        full_name,
        relation,
        birth_year,
        sex,
        citizen_id,
    })
}

/// Checks members together (a whole import, or one household's list):
/// every household has exactly one head (field `relation`, the message
/// names the household), and no personal identification number belongs to
/// two members (field `citizen_id`).
pub fn check_members(members: &[ValidMember]) -> Result<(), Invalid> {
    let mut e = Invalid::default();
    let mut heads: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for m in members {
        let list = heads.entry(m.household.as_str()).or_default();
        if m.relation == Relation::Head {
            list.push(&m.full_name);
        }
    }
    for (code, names) in &heads {
        match names.len() {
            1 => {}
            0 => e.push("relation", format!("Hộ {code} chưa có chủ hộ")),
            n => e.push(
                "relation",
                format!(
                    "Hộ {code} có {n} chủ hộ ({}); mỗi hộ chỉ có một chủ hộ",
                    names.join(", ")
                ),
            ),
        }
    }
    let mut ids: BTreeMap<&str, &ValidMember> = BTreeMap::new();
    for m in members {
        let Some(id) = m.citizen_id.as_deref() else {
            continue;
        };
        if let Some(first) = ids.get(id) {
            e.push(
                "citizen_id",
                format!(
                    "Số định danh cá nhân {} ghi cho cả {} (hộ {}) và {} (hộ {})",
                    mask_citizen_id(id),
                    first.full_name,
                    first.household,
                    m.full_name,
                    m.household
                ),
            );
        } else {
            ids.insert(id, m);
        }
    }
    e.into_result()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    #[test]
    fn citizen_ids() {
        // 001 Hà Nội, 0 = 1900s male, 90 = 1990.
        assert_eq!(citizen_id_birth("001090012345"), Some((1990, Sex::Male)));
        assert_eq!(citizen_id_birth("079305000123"), Some((2005, Sex::Female)));
        assert_eq!(citizen_id_birth("001401000001"), Some((2101, Sex::Male)));
        assert_eq!(citizen_id_birth("00109001234"), None);
        let ok = |id: &str, y: Option<i16>, s: Option<Sex>| validate_citizen_id(id, y, s);
        assert_eq!(ok("001090012345", None, None).unwrap(), "001090012345");
        assert_eq!(
            ok(" 001 090 012.345 ", Some(1990), Some(Sex::Male)).unwrap(),
            "001090012345"
        );
        assert_eq!(
            ok("079305000123", Some(2005), Some(Sex::Female)).unwrap(),
            "079305000123"
        );
        assert_eq!(
            ok("001190012345", Some(1990), Some(Sex::Female)).unwrap(),
            "001190012345"
        );
        let msg = |r: Result<String, Invalid>| {
            r.unwrap_err()
                .0
                .into_iter()
                .map(|f| {
                    assert_eq!(f.field, "citizen_id");
                    f.message
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(msg(ok("", None, None)), ["Chưa nhập số định danh cá nhân"]);
        assert_eq!(
            msg(ok("00109001234", None, None)),
            ["Số định danh cá nhân phải có đúng 12 chữ số (đã nhập 11 chữ số)"]
        );
        assert_eq!(
            msg(ok("0010900123456", None, None)),
            ["Số định danh cá nhân phải có đúng 12 chữ số (đã nhập 13 chữ số)"]
        );
        assert_eq!(
            msg(ok("00109001234A", None, None)),
            ["Số định danh cá nhân chỉ gồm chữ số (đã nhập «00109001234A»)"]
        );
        // Century digit against the birth year: 2 = 2000s, born 1990.
        assert_eq!(
            msg(ok("001290012345", Some(1990), None)),
            [
                "Chữ số thứ 4 của số định danh cá nhân (2) chỉ người sinh từ 2000 đến 2099, không khớp năm sinh 1990"
            ]
        );
        // Year digits against the birth year.
        assert_eq!(
            msg(ok("001090012345", Some(1991), None)),
            ["Chữ số thứ 5–6 của số định danh cá nhân (90) không khớp năm sinh 1991"]
        );
        // Sex digit: 1 = female.
        assert_eq!(
            msg(ok("001190012345", None, Some(Sex::Male))),
            [
                "Chữ số thứ 4 của số định danh cá nhân (1) chỉ giới tính Nữ, không khớp giới tính đã nhập (Nam)"
            ]
        );
        assert_eq!(
            msg(ok("001390012345", Some(1990), Some(Sex::Male))).len(),
            2
        );
    }

    #[test]
    fn masking() {
        assert_eq!(mask_citizen_id("001090012345"), "001******345");
        assert_eq!(mask_citizen_id(" 001090012345 "), "001******345");
        assert_eq!(mask_citizen_id("1234567"), "123*567");
        assert_eq!(mask_citizen_id("123456"), "******");
        assert_eq!(mask_citizen_id(""), "");
    }

    #[test]
    fn every_role_has_its_view() {
        let name = "Nguyễn Văn An";
        let id = "001090012345";
        let full = ("Nguyễn Văn An", Some("001090012345"), Some(1990));
        for role in Role::ALL {
            // (name, number, birth year) shown; may see names, numbers.
            let (expected, personal, ids) = match role {
                Role::Admin | Role::Leader | Role::SpecialistOfficer => (full, true, true),
                Role::GroupHead => (
                    ("Nguyễn Văn An", Some("001******345"), Some(1990)),
                    true,
                    false,
                ),
                Role::OneStopOfficer => {
                    (("Nguyễn V. A.", Some("001******345"), None), false, false)
                }
            };
            let v = personal_view(role);
            let shown = (
                v.show_name(name),
                v.show_citizen_id(id),
                v.show_birth_year(1990),
            );
            assert_eq!(
                (shown.0.as_str(), shown.1.as_deref(), shown.2),
                expected,
                "{role:?}"
            );
            assert_eq!(may_see_personal_data(role), personal, "{role:?}");
            assert_eq!(v.poverty, role != Role::OneStopOfficer, "{role:?}");
            assert_eq!(may_see_citizen_id(role), ids, "{role:?}");
        }
        let none = PersonalView::NONE;
        assert_eq!(
            (
                none.show_name(name),
                none.show_citizen_id(id),
                none.show_birth_year(1990)
            ),
            ("Nguyễn V. A.".to_owned(), None, None)
        );
    }

    #[test]
    fn relations_as_written() {
        use Relation::*;
        for (written, r) in [
            ("Chủ hộ", Head),
            ("chu ho", Head),
            ("head", Head),
            ("VỢ", Wife),
            ("Con gái", Child),
            ("Bố", Father),
            ("Ba", Father),
            ("ba", Father),
            ("Bà", Grandmother),
            ("bà ngoại", Grandmother),
            ("ong noi", Grandfather),
            ("Em gái", Sibling),
            ("Anh, chị, em", Sibling),
            ("con dau", DaughterInLaw),
            ("Mẹ chồng", MotherInLaw),
            ("khac", Other),
        ] {
            assert_eq!(Relation::from_written(written), Some(r), "{written}");
        }
        // "bá" is neither "ba" nor "bà": without a unique match, refused.
        assert_eq!(Relation::from_written("bá"), None);
        assert_eq!(Relation::from_written("hàng xóm"), None);
    }

    fn household() -> HouseholdInput {
        HouseholdInput {
            code: "HGD-0001".into(),
            head_name: " Nguyễn  Văn An ".into(),
            address: "Số 5, đường Trường Chinh".into(),
            group: "Tổ 5".into(),
            area: "Thành thị".into(),
        }
    }

    #[test]
    fn households_are_checked() {
        let v = validate_household(&household()).unwrap();
        assert_eq!(v.head_name, "Nguyễn Văn An");
        assert_eq!(v.area, Area::Urban);
        let e = validate_household(&HouseholdInput::default()).unwrap_err();
        assert_eq!(
            e.fields(),
            ["code", "head_name", "address", "group", "area"]
        );
        assert_eq!(e.message_for("head_name"), Some("Chưa nhập họ tên chủ hộ"));
        assert_eq!(
            e.message_for("area"),
            Some("Khu vực phải là «Thành thị» hoặc «Nông thôn»")
        );
        let long = HouseholdInput {
            code: "HGD 01".into(),
            head_name: "A".repeat(151),
            ..household()
        };
        let e = validate_household(&long).unwrap_err();
        assert!(e.message_for("code").unwrap().starts_with("Mã hộ «HGD 01»"));
        assert_eq!(
            e.message_for("head_name"),
            Some("Họ tên chủ hộ dài quá 150 ký tự")
        );
        let ok150 = HouseholdInput {
            head_name: "Ă".repeat(150),
            ..household()
        };
        assert!(validate_household(&ok150).is_ok());
    }

    fn member(household: &str, name: &str, relation: &str, id: &str) -> MemberInput {
        MemberInput {
            household: household.into(),
            full_name: name.into(),
            relation: relation.into(),
            birth_year: "1990".into(),
            sex: "Nam".into(),
            citizen_id: id.into(),
        }
    }

    #[test]
    fn members_are_checked() {
        let v = validate_member(
            &member("HGD-0001", "Nguyễn Văn An", "Chủ hộ", "001090012345"),
            2025,
        )
        .unwrap();
        assert_eq!(v.citizen_id.as_deref(), Some("001090012345"));
        assert_eq!(
            (v.relation, v.sex, v.birth_year),
            (Relation::Head, Sex::Male, 1990)
        );
        let v = validate_member(&member("HGD-0001", "An", "con", ""), 2025).unwrap();
        assert_eq!(v.citizen_id, None);
        for (year, ok) in [
            ("1899", false),
            ("1900", true),
            ("2025", true),
            ("2026", false),
            ("x", false),
        ] {
            let mut m = member("HGD-0001", "An", "Con", "");
            m.birth_year = year.into();
            assert_eq!(validate_member(&m, 2025).is_ok(), ok, "{year}");
        }
        let mut m = member("", "", "hàng xóm", "001090012345");
        m.birth_year = "1991".into();
        m.sex = "nu".into();
        let e = validate_member(&m, 2025).unwrap_err();
        assert_eq!(
            e.fields(),
            [
                "household",
                "full_name",
                "relation",
                "citizen_id",
                "citizen_id"
            ]
        );
        assert_eq!(e.message_for("full_name"), Some("Chưa nhập họ và tên"));
        assert!(
            e.message_for("relation")
                .unwrap()
                .starts_with("Quan hệ với chủ hộ «hàng xóm» không rõ")
        );
        let mut m = member("HGD-0001", "An", "Con", "");
        m.sex = "khác".into();
        assert_eq!(
            validate_member(&m, 2025).unwrap_err().message_for("sex"),
            Some("Giới tính phải là «Nam» hoặc «Nữ»")
        );
        // Without a valid birth year, the number is checked for its form only.
        let mut m = member("HGD-0001", "An", "Con", "001090012345");
        m.birth_year = "1800".into();
        let e = validate_member(&m, 2025).unwrap_err();
        assert_eq!(e.0.len(), 1);
        assert_eq!(e.0[0].field, "birth_year");
    }

    fn valid(household: &str, name: &str, relation: Relation, id: Option<&str>) -> ValidMember {
        ValidMember {
            household: household.into(),
            full_name: name.into(),
            relation,
            birth_year: 1990,
            sex: Sex::Male,
            citizen_id: id.map(Into::into),
        }
    }

    #[test]
    fn one_head_per_household() {
        use Relation::*;
        let ok = [
            valid("H1", "Nguyễn Văn An", Head, Some("001090012345")),
            valid("H1", "Nguyễn Văn Bình", Child, None),
            valid("H2", "Lê Văn Cường", Head, None),
        ];
        assert!(check_members(&ok).is_ok());
        assert!(check_members(&[]).is_ok());
        let e = check_members(&[
            valid("H1", "Nguyễn Văn An", Head, None),
            valid("H1", "Trần Thị Bích", Head, None),
            valid("H2", "Lê Văn Cường", Child, None),
        ])
        .unwrap_err();
        let messages: Vec<&str> = e.0.iter().map(|f| f.message.as_str()).collect();
        assert_eq!(
            messages,
            [
                "Hộ H1 có 2 chủ hộ (Nguyễn Văn An, Trần Thị Bích); mỗi hộ chỉ có một chủ hộ",
                "Hộ H2 chưa có chủ hộ"
            ]
        );
        assert!(e.0.iter().all(|f| f.field == "relation"));
        let e = check_members(&[
            valid("H1", "Nguyễn Văn An", Head, Some("001090012345")),
            valid("H2", "Lê Văn An", Head, Some("001090012345")),
        ])
        .unwrap_err();
        assert_eq!(
            e.message_for("citizen_id"),
            Some(
                "Số định danh cá nhân 001******345 ghi cho cả Nguyễn Văn An (hộ H1) và Lê Văn An (hộ H2)"
            )
        );
    }

    proptest! {
        /// Every 12-digit number agrees with the birth year and sex it
        /// encodes, and masking keeps its length and ends.
        #[test]
        fn ids_agree_with_what_they_encode(id in "[0-9]{12}") {
            let (year, sex) = citizen_id_birth(&id).unwrap();
            prop_assert_eq!(validate_citizen_id(&id, Some(year), Some(sex)).unwrap(), id.clone());
            prop_assert!(validate_citizen_id(&id, Some(year + 1), None).is_err());
            let other = if sex == Sex::Male { Sex::Female } else { Sex::Male };
            prop_assert!(validate_citizen_id(&id, None, Some(other)).is_err());
            let masked = mask_citizen_id(&id);
            prop_assert_eq!(masked.len(), 12);
            prop_assert_eq!(&masked[..3], &id[..3]);
            prop_assert_eq!(&masked[9..], &id[9..]);
            prop_assert_eq!(&masked[3..9], "******");
        }
    }
}
