//! The vocabulary of the audit trail: who did what to which record.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Who made a change: an account, or the system itself (CLI, demo seeding).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Actor {
    pub user_id: Option<Uuid>,
    /// A readable name kept with the entry, so history stays legible after
    /// the account is renamed or disabled.
    pub name: String,
}

impl Actor {
    pub fn user(id: Uuid, username: &str) -> Self {
        Self {
            user_id: Some(id),
            name: username.to_owned(),
        }
    }

    /// Changes made from the command line or by the system.
    pub fn system(what: &str) -> Self {
        Self {
            user_id: None,
            name: format!("hệ thống ({what})"),
        }
    }
}

/// What happened to the record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Insert,
    Update,
    Delete,
    Login,
    Logout,
}

impl Action {
    pub const ALL: [Action; 5] = [
        Action::Insert,
        Action::Update,
        Action::Delete,
        Action::Login,
        Action::Logout,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Action::Insert => "insert",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Login => "login",
            Action::Logout => "logout",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Action::Insert => "Thêm mới",
            Action::Update => "Sửa",
            Action::Delete => "Xóa",
            Action::Login => "Đăng nhập",
            Action::Logout => "Đăng xuất",
        }
    }
}

/// The kinds of record the audit trail knows. Each later register adds its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Entity {
    Unit,
    User,
    CalendarDay,
    CalendarSettings,
    Violation,
    ViolationEvent,
    Handover,
    RecruitmentQuota,
    Recruit,
    BudgetEntry,
    Inspection,
    InspectionCase,
    ViolationAttachment,
    Indicator,
    Resolution,
    Target,
    IndicatorValue,
    Procedure,
    Dossier,
    /// A paper added to a dossier by an officer.
    DossierFile,
    /// A commune's dossier code pattern.
    DossierCode,
    Household,
    HouseholdMember,
    PovertyReview,
    CultureReview,
    /// A dated step of a commune's yearly review.
    ReviewStep,
    /// A poverty standard added to the built-in ones.
    PovertyStandard,
    /// A merge, split, rename, recode or change of parent of units.
    Reorganisation,
    /// A commune's records loaded from a bundle of another deployment.
    Bundle,
    /// An endpoint told of a commune's events, or a delivery replayed to it.
    Webhook,
    /// A public work (công trình, tuyến đường dân sinh).
    Work,
    /// An estimate, adjustment or payment of the commune budget's spending.
    SpendingEntry,
    /// A culture or sport activity held in a residential area.
    Activity,
    /// A residential group's title "Thôn, tổ dân phố văn hóa" of a year.
    GroupTitle,
    /// A business household (hộ kinh doanh).
    Business,
    /// A meeting of the commune's tax advisory council.
    TaxMeeting,
    /// A debtor on a tax-debt list.
    TaxDebt,
    /// A step of the follow-up on a tax debt.
    TaxDebtAction,
    /// A cooperative (hợp tác xã) of a commune.
    Cooperative,
    /// A cooperative's classification of a year.
    CooperativeGrade,
    /// A support a cooperative received under a policy.
    CooperativeSupport,
    /// A visit or letter in the citizen-reception book.
    Reception,
    /// A citizen's report of a problem in the ward.
    Problem,
    /// How a commune routes a category of reports.
    ProblemRoute,
    /// A client app allowed to file reports through Open311.
    ApiClient,
}

impl Entity {
    pub const ALL: [Entity; 45] = [
        Entity::Unit,
        Entity::User,
        Entity::CalendarDay,
        Entity::CalendarSettings,
        Entity::Violation,
        Entity::ViolationEvent,
        Entity::Handover,
        Entity::RecruitmentQuota,
        Entity::Recruit,
        Entity::BudgetEntry,
        Entity::Inspection,
        Entity::InspectionCase,
        Entity::ViolationAttachment,
        Entity::Indicator,
        Entity::Resolution,
        Entity::Target,
        Entity::IndicatorValue,
        Entity::Procedure,
        Entity::Dossier,
        Entity::DossierFile,
        Entity::DossierCode,
        Entity::Household,
        Entity::HouseholdMember,
        Entity::PovertyReview,
        Entity::CultureReview,
        Entity::ReviewStep,
        Entity::PovertyStandard,
        Entity::Reorganisation,
        Entity::Bundle,
        Entity::Webhook,
        Entity::Work,
        Entity::SpendingEntry,
        Entity::Activity,
        Entity::GroupTitle,
        Entity::Business,
        Entity::TaxMeeting,
        Entity::TaxDebt,
        Entity::TaxDebtAction,
        Entity::Cooperative,
        Entity::CooperativeGrade,
        Entity::CooperativeSupport,
        Entity::Reception,
        Entity::Problem,
        Entity::ProblemRoute,
        Entity::ApiClient,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Entity::Unit => "unit",
            Entity::User => "user",
            Entity::CalendarDay => "calendar_day",
            Entity::CalendarSettings => "calendar_settings",
            Entity::Violation => "violation",
            Entity::ViolationEvent => "violation_event",
            Entity::Handover => "handover",
            Entity::RecruitmentQuota => "recruitment_quota",
            Entity::Recruit => "recruit",
            Entity::BudgetEntry => "budget_entry",
            Entity::Inspection => "inspection",
            Entity::InspectionCase => "inspection_case",
            Entity::ViolationAttachment => "violation_attachment",
            Entity::Indicator => "indicator",
            Entity::Resolution => "resolution",
            Entity::Target => "target",
            Entity::IndicatorValue => "indicator_value",
            Entity::Procedure => "procedure",
            Entity::Dossier => "dossier",
            Entity::DossierFile => "dossier_file",
            Entity::DossierCode => "dossier_code",
            Entity::Household => "household",
            Entity::HouseholdMember => "household_member",
            Entity::PovertyReview => "poverty_review",
            Entity::CultureReview => "culture_review",
            Entity::ReviewStep => "review_step",
            Entity::PovertyStandard => "poverty_standard",
            Entity::Reorganisation => "reorganisation",
            Entity::Bundle => "bundle",
            Entity::Webhook => "webhook",
            Entity::Work => "work",
            Entity::SpendingEntry => "spending_entry",
            Entity::Activity => "activity",
            Entity::GroupTitle => "group_title",
            Entity::Business => "business",
            Entity::TaxMeeting => "tax_meeting",
            Entity::TaxDebt => "tax_debt",
            Entity::TaxDebtAction => "tax_debt_action",
            Entity::Cooperative => "cooperative",
            Entity::CooperativeGrade => "cooperative_grade",
            Entity::CooperativeSupport => "cooperative_support",
            Entity::Reception => "reception",
            Entity::Problem => "problem",
            Entity::ProblemRoute => "problem_route",
            Entity::ApiClient => "api_client",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Entity::Unit => "Đơn vị hành chính",
            Entity::User => "Tài khoản",
            Entity::CalendarDay => "Ngày nghỉ, ngày làm bù",
            Entity::CalendarSettings => "Cài đặt lịch làm việc",
            Entity::Violation => "Vụ vi phạm trật tự xây dựng",
            Entity::ViolationEvent => "Bước xử lý vi phạm",
            Entity::Handover => "Bàn giao mặt bằng",
            Entity::RecruitmentQuota => "Chỉ tiêu tuyển quân",
            Entity::Recruit => "Công dân trong đợt tuyển quân",
            Entity::BudgetEntry => "Dự toán, số thu ngân sách",
            Entity::Inspection => "Đợt kiểm tra vỉa hè, trật tự đô thị",
            Entity::InspectionCase => "Trường hợp vi phạm qua kiểm tra",
            Entity::ViolationAttachment => "Ảnh, tệp đính kèm vụ vi phạm",
            Entity::Indicator => "Chỉ tiêu",
            Entity::Resolution => "Nghị quyết",
            Entity::Target => "Chỉ tiêu Nghị quyết giao",
            Entity::IndicatorValue => "Số liệu chỉ tiêu nhập tay",
            Entity::Procedure => "Thủ tục hành chính",
            Entity::Dossier => "Hồ sơ thủ tục hành chính",
            Entity::DossierFile => "Giấy tờ thêm vào hồ sơ",
            Entity::DossierCode => "Mã số hồ sơ của xã, phường",
            Entity::Household => "Hộ gia đình",
            Entity::HouseholdMember => "Thành viên hộ",
            Entity::PovertyReview => "Rà soát hộ nghèo",
            Entity::CultureReview => "Bình xét Gia đình văn hóa",
            Entity::ReviewStep => "Bước rà soát, bình xét",
            Entity::PovertyStandard => "Chuẩn nghèo",
            Entity::Reorganisation => "Sắp xếp đơn vị hành chính",
            Entity::Bundle => "Nhập gói dữ liệu xã, phường",
            Entity::Webhook => "Địa chỉ nhận sự kiện (webhook)",
            Entity::Work => "Công trình, tuyến đường dân sinh",
            Entity::SpendingEntry => "Dự toán, số chi ngân sách",
            Entity::Activity => "Hoạt động văn hóa, thể thao",
            Entity::GroupTitle => "Danh hiệu thôn, tổ dân phố văn hóa",
            Entity::Business => "Hộ kinh doanh",
            Entity::TaxMeeting => "Cuộc họp Hội đồng tư vấn thuế",
            Entity::TaxDebt => "Khoản nợ thuế",
            Entity::TaxDebtAction => "Đôn đốc nợ thuế",
            Entity::Cooperative => "Hợp tác xã",
            Entity::CooperativeGrade => "Xếp loại hợp tác xã",
            Entity::CooperativeSupport => "Hỗ trợ hợp tác xã",
            Entity::Reception => "Sổ tiếp công dân",
            Entity::Problem => "Phản ánh hiện trường",
            Entity::ProblemRoute => "Phân công xử lý phản ánh",
            Entity::ApiClient => "Ứng dụng kết nối Open311",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        crate::assert_codes_read_back(&Action::ALL, Action::as_str, Action::parse);
        crate::assert_codes_read_back(&Entity::ALL, Entity::as_str, Entity::parse);
        assert_eq!(Action::parse("drop"), None);
    }
}
