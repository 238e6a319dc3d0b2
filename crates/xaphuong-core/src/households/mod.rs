//! Households and their yearly reviews.
//!
//! Pure rules, no IO: the households and their members, and who sees what of
//! their personal data ([`household`]); the multidimensional poverty
//! standards, a household's class and the yearly review procedure
//! ([`poverty`]); the "Gia đình văn hóa" title ([`culture`]). The store keeps
//! the records and the web layer shows them; both apply these rules.

pub mod culture;
pub mod household;
pub mod poverty;

pub use culture::{
    Assessment, Criterion, CultureInput, Exclusion, Outcome, ValidCulture, decide, validate_culture,
};
pub use household::{
    HouseholdInput, IdView, MemberInput, NameView, PersonalView, Relation, Sex, ValidHousehold,
    ValidMember, check_members, mask_citizen_id, may_see_citizen_id, may_see_personal_data,
    personal_view, validate_citizen_id, validate_household, validate_member,
};
pub use poverty::{
    Area, AreaLines, Class, Deprivation, ReviewInput, ReviewStep, Standard, StandardError,
    Transition, ValidReview, check_steps, classify, classify_by_score, parse_standards,
    standard_for_year, transition, validate_review,
};

/// One row of a households file: a member, with the household it belongs
/// to (the household's columns repeat on each of its members' rows).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MemberRow {
    pub household: household::HouseholdInput,
    pub member: household::MemberInput,
}

/// One row of a poverty review file: a household's review of a year. An
/// empty area takes the household's.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PovertyRow {
    pub household: String,
    pub review: poverty::ReviewInput,
}

/// One row of a cultural-family review file.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CultureRow {
    pub household: String,
    pub culture: culture::CultureInput,
}
