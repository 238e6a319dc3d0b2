//! Households, their members and their yearly reviews.

pub(crate) mod api;
pub(crate) mod pages;

use jiff::civil::Date;
use uuid::Uuid;
use xaphuong_core::access::Permission;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::import::ImportRow;
use xaphuong_report::import;
use xaphuong_report::import::culture::CultureReviews;
use xaphuong_report::import::households::Households;
use xaphuong_report::import::poverty::PovertyReviews;
use xaphuong_store::Store;
use xaphuong_store::StoreError;

use xaphuong_core::households::household::{PersonalView, personal_view};
use xaphuong_core::households::poverty::{Class, ReviewStep};
use xaphuong_store::households::{Household, HouseholdFilter};
use xaphuong_store::units::Unit;

use crate::AppError;
use crate::imports::Importable;
use crate::imports::households_done;
use crate::imports::relabeled;
use crate::page::{non_empty, parse_after, parse_param};
use crate::routes::{Access, Table};

/// What the caller's role may see of a household's people.
pub(crate) fn view_of(signed: &crate::auth::Signed) -> PersonalView {
    personal_view(signed.user().role)
}

/// The households list's filters, for its page and its API.
#[derive(serde::Deserialize, Default, Clone, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListQuery {
    /// Words of the code, the head's name (or, for the roles that see it,
    /// the address).
    pub q: Option<String>,
    /// The year of the reviews the other filters read.
    pub year: Option<String>,
    /// poor | near_poor | average | not_poor
    pub class: Option<String>,
    /// Any value: poor or near-poor in `year`.
    pub poor_or_near: Option<String>,
    /// recognised | not
    pub culture: Option<String>,
    /// A group (or the commune) to narrow to.
    pub unit: Option<String>,
    /// Any value: households that moved away too.
    pub moved: Option<String>,
    /// The page after this household.
    pub after: Option<String>,
}

impl ListQuery {
    /// The store's filter, the year asked for and the cultural-family
    /// outcome asked for.
    pub(crate) fn filter(
        &self,
        signed: &crate::auth::Signed,
    ) -> Result<(HouseholdFilter, Option<i16>, Option<bool>), AppError> {
        let q = self;
        let year = parse_param(&q.year, "year", "Năm không hợp lệ", |s| {
            s.parse::<i16>().ok().filter(|y| (2000..=2100).contains(y))
        })?;
        let class = parse_param(&q.class, "class", "Phân loại không hợp lệ", Class::parse)?;
        let recognised = match q.culture.as_deref().map(str::trim) {
            Some("recognised") => Some(true),
            Some("not") => Some(false),
            None | Some("") => None,
            Some(_) => {
                return Err(AppError::Invalid(xaphuong_core::Invalid::one(
                    "culture",
                    "Kết quả bình xét là recognised hoặc not",
                )));
            }
        };
        let f = HouseholdFilter {
            q: non_empty(&q.q),
            names_only: !view_of(signed).addresses(),
            class,
            poor_or_near: non_empty(&q.poor_or_near).is_some(),
            recognised,
            year,
            with_moved_out: non_empty(&q.moved).is_some(),
            after: parse_after(&q.after)?,
            per_page: None,
        };
        Ok((f, year, recognised))
    }
}

/// A household as the list shows it: the head's name as the role may see.
pub struct HouseholdLine {
    pub id: Uuid,
    pub code: String,
    pub group: String,
    pub head: String,
    pub address: String,
    pub area: &'static str,
    pub moved_out: String,
    /// The version its forms carry.
    pub updated_at: i64,
}

impl HouseholdLine {
    pub(crate) fn of(h: Household, view: &PersonalView) -> Self {
        HouseholdLine {
            id: h.id,
            code: h.code,
            group: h.group_name.unwrap_or_default(),
            head: view.show_name(&h.head_name),
            address: view.show_address(&h.address),
            area: h.area.label(),
            updated_at: h.updated_at,
            moved_out: h
                .moved_out_on
                .map(|d| d.strftime("%d/%m/%Y").to_string())
                .unwrap_or_default(),
        }
    }
}

/// The caller's scope, or the unit of it the list is narrowed to.
pub(crate) async fn narrowed(
    state: &crate::AppState,
    signed: &crate::auth::Signed,
    unit: &Option<String>,
) -> Result<Scope, AppError> {
    let scope = signed.user().scope();
    match parse_param(unit, "unit", "Đơn vị không hợp lệ", |s| {
        Uuid::try_parse(s).ok()
    })? {
        Some(id) => Ok(Scope::Subtree(state.store.unit(&scope, id).await?.path)),
        None => Ok(scope),
    }
}

/// n ÷ d in hundredths of a percent, rounded half up; none for d ≤ 0.
pub(crate) fn hundredths(n: i64, d: i64) -> Option<i64> {
    (d > 0)
        .then(|| (i128::from(n) * 20_000 + i128::from(d)) / (2 * i128::from(d)))
        .and_then(|h| i64::try_from(h).ok())
}

/// The year of the review page (last year's by default: a year's review
/// ends in its December).
pub(crate) fn review_year(year: &Option<String>) -> Result<i16, AppError> {
    Ok(parse_param(year, "year", "Năm không hợp lệ", |s| {
        s.parse::<i16>().ok().filter(|y| (2000..=2100).contains(y))
    })?
    .unwrap_or_else(|| crate::page::today().year() - 1))
}

/// The commune whose review is shown: the one asked for, else the
/// caller's own, else the only one in reach; with the communes in reach.
pub(crate) async fn review_commune(
    state: &crate::AppState,
    signed: &crate::auth::Signed,
    unit: &Option<String>,
) -> Result<(Option<Unit>, Vec<Unit>), AppError> {
    let communes = crate::places::communes(state, signed).await?;
    let unit = match parse_param(unit, "unit", "Đơn vị không hợp lệ", |s| {
        Uuid::try_parse(s).ok()
    })? {
        Some(id) => communes.iter().find(|u| u.id == id).cloned(),
        None => signed
            .user()
            .unit_id
            .and_then(|id| communes.iter().find(|u| u.id == id).cloned())
            .or_else(|| (communes.len() == 1).then(|| communes[0].clone())),
    };
    Ok((unit, communes))
}

/// Records the day (and the document) of a step of a commune's yearly
/// poverty review (QĐ 24/2021/QĐ-TTg Art. 4–5); every problem is named.
pub(crate) async fn set_review_step(
    state: &crate::AppState,
    signed: &crate::auth::Signed,
    unit: Option<Uuid>,
    year: Option<i16>,
    step: &str,
    on: &str,
    document: &str,
) -> Result<(), AppError> {
    let mut e = xaphuong_core::Invalid::default();
    if unit.is_none() {
        e.push("unit", "Chọn xã, phường");
    }
    if year.is_none() {
        e.push("year", "Năm không hợp lệ");
    }
    let step = ReviewStep::parse(step.trim());
    if step.is_none() {
        e.push("step", "Chọn bước rà soát");
    }
    let on = on.trim().parse::<Date>().ok();
    if on.is_none() {
        e.push("on", "Ngày không hợp lệ (YYYY-MM-DD)");
    }
    match (unit, year, step, on) {
        (Some(unit), Some(year), Some(step), Some(on)) if e.is_empty() => {
            let user = signed.user();
            Ok(state
                .store
                .set_review_step(&user.actor(), &user.scope(), unit, year, step, on, document)
                .await?)
        }
        _ => Err(AppError::Invalid(e)),
    }
}

/// The sổ hộ as an Excel file in the columns the import reads (one member
/// per row), with personal data as the role may see it; streamed.
pub(crate) async fn register_file(
    state: &crate::AppState,
    signed: &crate::auth::Signed,
    q: &ListQuery,
) -> Result<axum::response::Response, AppError> {
    use xaphuong_report::xlsx::Cell;
    let scope = narrowed(state, signed, &q.unit).await?;
    let view = view_of(signed);
    let f = HouseholdFilter {
        q: non_empty(&q.q),
        names_only: !view.addresses(),
        with_moved_out: non_empty(&q.moved).is_some(),
        ..Default::default()
    };
    let lines = state.store.household_register(&scope, &f).await?;
    let title = format!(
        "SỔ HỘ — xuất ngày {}",
        crate::page::today().strftime("%d/%m/%Y")
    );
    crate::page::register_export::<Households, _>("so-ho.xlsx", &title, lines, |(h, m), c| {
        match c.field {
            "code" => Cell::from(h.code.as_str()),
            "head_name" => Cell::from(view.show_name(&h.head_name)),
            "address" => Cell::from(view.show_address(&h.address)),
            "group" => Cell::from(h.group_name.clone().unwrap_or_default()),
            "area" => Cell::from(h.area.label()),
            "full_name" => Cell::from(view.show_name(&m.full_name)),
            "relation" => Cell::from(m.relation_label()),
            "birth_year" => view
                .show_birth_year(m.birth_year as i16)
                .map_or(Cell::Empty, |y| Cell::Number(f64::from(y))),
            "sex" => Cell::from(m.sex_label()),
            // Text, so the leading zeros stay.
            "citizen_id" => Cell::from(
                m.citizen_id
                    .as_deref()
                    .and_then(|c| view.show_citizen_id(c))
                    .unwrap_or_default(),
            ),
            _ => crate::page::unknown_column(c),
        }
    })
    .await
}

/// A member as the household page shows them to the role.
pub struct MemberLine {
    pub name: String,
    pub relation: &'static str,
    pub birth_year: String,
    pub sex: &'static str,
    pub citizen_id: String,
}

/// A household's members as the caller's role may see them.
pub(crate) async fn members_of(
    state: &crate::AppState,
    signed: &crate::auth::Signed,
    id: Uuid,
) -> Result<Vec<MemberLine>, AppError> {
    let view = view_of(signed);
    Ok(state
        .store
        .household_members(&signed.user().scope(), id)
        .await?
        .into_iter()
        .map(|m| MemberLine {
            name: view.show_name(&m.full_name),
            relation: m.relation_label(),
            sex: m.sex_label(),
            birth_year: view
                .show_birth_year(m.birth_year as i16)
                .map(|y| y.to_string())
                .unwrap_or_default(),
            citizen_id: m
                .citizen_id
                .as_deref()
                .and_then(|c| view.show_citizen_id(c))
                .unwrap_or_default(),
        })
        .collect())
}

/// Its pages and its API, each with the access it needs.
pub(crate) fn routes(t: Table) -> Table {
    use Permission::{ManageHouseholds, ViewHouseholds};
    let p = Access::Permission;
    t.get("/households", p(ViewHouseholds), pages::list)
        .get("/households/export.xlsx", p(ViewHouseholds), pages::export)
        .post("/households", p(ManageHouseholds), pages::create)
        .get("/households/new", p(ManageHouseholds), pages::new_form)
        .get("/households/reviews", p(ViewHouseholds), pages::reviews)
        .post(
            "/households/reviews/steps",
            p(ManageHouseholds),
            pages::set_step,
        )
        .get("/households/{id}", p(ViewHouseholds), pages::show)
        .get("/api/v1/households", p(ViewHouseholds), api::list)
        .get("/api/v1/households/rates", p(ViewHouseholds), api::rates)
        .get("/api/v1/households/export", p(ViewHouseholds), api::export)
        .get(
            "/api/v1/households/reviews",
            p(ViewHouseholds),
            api::reviews,
        )
        .put(
            "/api/v1/households/reviews/steps",
            p(ManageHouseholds),
            api::set_step,
        )
        .get("/api/v1/households/{id}", p(ViewHouseholds), api::get)
        .post("/api/v1/households", p(ManageHouseholds), api::create)
        .post(
            "/api/v1/households/{id}/members",
            p(ManageHouseholds),
            api::add_member,
        )
        .post(
            "/api/v1/households/{id}/move",
            p(ManageHouseholds),
            api::move_household,
        )
        .post(
            "/api/v1/households/{id}/poverty",
            p(ManageHouseholds),
            api::record_poverty,
        )
        .post(
            "/api/v1/households/{id}/culture",
            p(ManageHouseholds),
            api::record_culture,
        )
        .post(
            "/households/{id}/members",
            p(ManageHouseholds),
            pages::add_member,
        )
        .post(
            "/households/{id}/move",
            p(ManageHouseholds),
            pages::move_household,
        )
        .post(
            "/households/{id}/poverty",
            p(ManageHouseholds),
            pages::record_poverty,
        )
        .post(
            "/households/{id}/culture",
            p(ManageHouseholds),
            pages::record_culture,
        )
        .get(
            "/households/import",
            p(ManageHouseholds),
            crate::imports::pages::form::<Households>,
        )
        .post(
            "/households/import",
            p(ManageHouseholds),
            crate::imports::pages::submit::<Households>,
        )
        .get(
            "/households/import/mau.xlsx",
            p(ManageHouseholds),
            crate::imports::pages::template::<Households>,
        )
        .get(
            "/households/poverty/import",
            p(ManageHouseholds),
            crate::imports::pages::form::<PovertyReviews>,
        )
        .post(
            "/households/poverty/import",
            p(ManageHouseholds),
            crate::imports::pages::submit::<PovertyReviews>,
        )
        .get(
            "/households/poverty/import/mau.xlsx",
            p(ManageHouseholds),
            crate::imports::pages::template::<PovertyReviews>,
        )
        .get(
            "/households/culture/import",
            p(ManageHouseholds),
            crate::imports::pages::form::<CultureReviews>,
        )
        .post(
            "/households/culture/import",
            p(ManageHouseholds),
            crate::imports::pages::submit::<CultureReviews>,
        )
        .get(
            "/households/culture/import/mau.xlsx",
            p(ManageHouseholds),
            crate::imports::pages::template::<CultureReviews>,
        )
        .post(
            "/api/v1/households/import",
            p(ManageHouseholds),
            crate::imports::api::households,
        )
        .post(
            "/api/v1/households/poverty/import",
            p(ManageHouseholds),
            crate::imports::api::poverty_reviews,
        )
        .post(
            "/api/v1/households/culture/import",
            p(ManageHouseholds),
            crate::imports::api::culture_reviews,
        )
}

impl Importable for Households {
    const BASE: &'static str = "/households";
    const NAME: &'static str = "Hộ gia đình";
    const HEADING: &'static str = "Nhập sổ hộ (hộ và nhân khẩu) từ tệp Excel";
    const FILE_NAME: &'static str = "mau-nhap-so-ho.xlsx";
    const ROW: &'static str = "một nhân khẩu (các cột của hộ ghi lại trên mỗi dòng)";

    async fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        today: Date,
    ) -> Result<String, StoreError> {
        let (households, members) = store
            .import_households(actor, scope, commune, rows, today)
            .await?;
        Ok(households_done(households, members))
    }

    async fn import(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        bytes: &[u8],
        today: Date,
    ) -> Result<String, AppError> {
        let mut file = store
            .household_import(scope, commune)
            .await
            .map_err(relabeled::<Self>)?;
        import::each_row::<Self>(bytes, &mut |r| file.add(r))?;
        let (households, members) = store
            .save_households(actor, file, today)
            .await
            .map_err(relabeled::<Self>)?;
        Ok(households_done(households, members))
    }
}

impl Importable for PovertyReviews {
    const BASE: &'static str = "/households/poverty";
    const BACK: &'static str = "/households/reviews";
    const NAME: &'static str = "Rà soát hộ nghèo";
    const HEADING: &'static str = "Nhập kết quả rà soát hộ nghèo, cận nghèo từ tệp Excel";
    const FILE_NAME: &'static str = "mau-nhap-ra-soat-ho-ngheo.xlsx";
    const ROW: &'static str = "kết quả rà soát của một hộ trong một năm";

    async fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        _today: Date,
    ) -> Result<String, StoreError> {
        let n = store
            .import_poverty_reviews(actor, scope, commune, &rows)
            .await?;
        Ok(format!("Đã nhập kết quả rà soát của {n} hộ."))
    }
}

impl Importable for CultureReviews {
    const BASE: &'static str = "/households/culture";
    const BACK: &'static str = "/households/reviews";
    const NAME: &'static str = "Bình xét Gia đình văn hóa";
    const HEADING: &'static str = "Nhập kết quả bình xét Gia đình văn hóa từ tệp Excel";
    const FILE_NAME: &'static str = "mau-nhap-gia-dinh-van-hoa.xlsx";
    const ROW: &'static str = "kết quả bình xét của một hộ trong một năm";

    async fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        _today: Date,
    ) -> Result<String, StoreError> {
        let n = store
            .import_culture_reviews(actor, scope, commune, &rows)
            .await?;
        Ok(format!("Đã nhập kết quả bình xét của {n} hộ."))
    }
}
