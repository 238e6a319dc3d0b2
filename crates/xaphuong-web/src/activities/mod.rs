//! Culture and sport in the residential areas: the activities held in each
//! group, and the groups' "Thôn, tổ dân phố văn hóa" titles by year.

pub(crate) mod api;
pub(crate) mod pages;

use jiff::civil::Date;
use serde::Deserialize;
use uuid::Uuid;
use xaphuong_core::Invalid;
use xaphuong_core::access::{Permission, Scope};
use xaphuong_core::activities::{ActivityInput, ActivityKind, TitleInput};
use xaphuong_core::audit::Actor;
use xaphuong_core::import::ImportRow;
use xaphuong_report::import::activities::Activities;
use xaphuong_store::activities::{Activity, ActivityFilter};
use xaphuong_store::{Store, StoreError};

use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;
use crate::imports::Importable;
use crate::page::{non_empty, parse_param, parse_year, today};
use crate::routes::{Access, Table};

/// Its pages and its API, each with the access it needs.
pub(crate) fn routes(t: Table) -> Table {
    use Permission::{ManageRegisters, ViewRegisters};
    let p = Access::Permission;
    t.get(
        "/activities/import",
        p(ManageRegisters),
        crate::imports::pages::form::<Activities>,
    )
    .post(
        "/activities/import",
        p(ManageRegisters),
        crate::imports::pages::submit::<Activities>,
    )
    .get(
        "/activities/import/mau.xlsx",
        p(ManageRegisters),
        crate::imports::pages::template::<Activities>,
    )
    .get("/activities", p(ViewRegisters), pages::list)
    .post("/activities", p(ManageRegisters), pages::create)
    .get("/activities/new", p(ManageRegisters), pages::new_form)
    .get("/activities/export.xlsx", p(ViewRegisters), pages::export)
    .get("/activities/titles", p(ViewRegisters), pages::titles)
    .post("/activities/titles", p(ManageRegisters), pages::save_titles)
    .get("/activities/{id}", p(ViewRegisters), pages::show)
    .post("/activities/{id}", p(ManageRegisters), pages::update)
    .post("/activities/{id}/delete", p(ManageRegisters), pages::delete)
    .post(
        "/api/v1/activities/import",
        p(ManageRegisters),
        crate::imports::api::activities,
    )
    .get("/api/v1/activities", p(ViewRegisters), api::list)
    .post("/api/v1/activities", p(ManageRegisters), api::create)
    .get("/api/v1/activities/titles", p(ViewRegisters), api::titles)
    .put(
        "/api/v1/activities/titles",
        p(ManageRegisters),
        api::set_titles_api,
    )
    .get("/api/v1/activities/{id}", p(ViewRegisters), api::get)
    .put("/api/v1/activities/{id}", p(ManageRegisters), api::update)
    .delete("/api/v1/activities/{id}", p(ManageRegisters), api::delete)
}

/// The list's filters, for its page, its export and its API.
#[derive(Deserialize, Default, Clone, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct ListQuery {
    /// Words of the name, place or note, diacritics ignored.
    pub q: Option<String>,
    /// Held in this year.
    pub year: Option<String>,
    /// arts | sport | festival | outreach | club | other
    pub kind: Option<String>,
    pub page: Option<i64>,
    pub per_page: Option<i64>,
}

impl ListQuery {
    pub fn filter(&self) -> Result<ActivityFilter, AppError> {
        Ok(ActivityFilter {
            q: non_empty(&self.q),
            year: parse_year(&self.year)?,
            kind: parse_param(
                &self.kind,
                "kind",
                "Loại hoạt động không hợp lệ",
                ActivityKind::parse,
            )?,
            page: self.page,
            per_page: self.per_page,
        })
    }

    pub fn params(&self) -> Vec<(&'static str, Option<String>)> {
        vec![
            ("q", self.q.clone()),
            ("year", self.year.clone()),
            ("kind", self.kind.clone()),
        ]
    }
}

/// An activity as its form and the API send it: the commune or group it
/// was held in, the version read (for a change) and its fields.
#[derive(Deserialize, Default, Clone, utoipa::ToSchema)]
pub(crate) struct ActivityForm {
    /// The commune or residential group (default: the caller's unit).
    #[serde(default)]
    pub unit_id: String,
    /// The `version` read, for a change.
    #[serde(default, deserialize_with = "crate::forms::text_or_number")]
    pub version: String,
    #[serde(flatten)]
    pub input: ActivityInput,
}

impl ActivityForm {
    /// The form of an activity as it is, to change.
    pub fn of(a: &Activity) -> Self {
        ActivityForm {
            unit_id: a.group_id.unwrap_or(a.commune_id).to_string(),
            version: a.updated_at.to_string(),
            input: ActivityInput {
                held_on: a.held_on.to_string(),
                kind: a.kind.as_str().into(),
                name: a.name.clone(),
                participants: a.participants.to_string(),
                place: a.place.clone(),
                note: a.note.clone(),
            },
        }
    }
}

/// Saves an activity from its form or body: a new one without `id`, else a
/// change on the version the form carries. Both the page and the API.
pub(crate) async fn save(
    state: &AppState,
    signed: &Signed,
    id: Option<Uuid>,
    f: &ActivityForm,
) -> Result<Activity, AppError> {
    let user = signed.user();
    let mut e = Invalid::default();
    let unit = match f.unit_id.trim() {
        "" => user.unit_id,
        u => Uuid::try_parse(u).ok(),
    };
    if unit.is_none() {
        e.push("unit_id", "Chọn xã, phường hoặc tổ dân phố");
    }
    let seen = id.and_then(|_| crate::page::seen_version(&f.version, &mut e));
    e.into_result()?;
    let unit = unit.unwrap_or_default();
    let (actor, scope) = (user.actor(), user.scope());
    Ok(match (id, seen) {
        (Some(id), Some(seen)) => {
            state
                .store
                .update_activity(&actor, &scope, id, seen, unit, &f.input, today())
                .await?
        }
        _ => {
            state
                .store
                .create_activity(&actor, &scope, unit, &f.input, today())
                .await?
        }
    })
}

/// Which commune's titles of which year.
#[derive(Deserialize, Default, Clone, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct TitlesQuery {
    /// The commune (default: the caller's).
    pub unit: Option<String>,
    /// The year (default: this year).
    pub year: Option<String>,
}

impl TitlesQuery {
    /// The commune and year asked for (see [`crate::places::commune_year`]).
    pub async fn place(&self, state: &AppState, signed: &Signed) -> Result<(Uuid, i16), AppError> {
        crate::places::commune_year(state, signed, &self.unit, &self.year).await
    }
}

/// The year's titles of a commune's groups, as the API sends them.
#[derive(Deserialize, Default, Clone, utoipa::ToSchema)]
pub(crate) struct TitlesBody {
    /// The commune (default: the caller's).
    #[serde(default)]
    pub unit: String,
    /// The year (default: this year).
    #[serde(default)]
    pub year: Option<i16>,
    /// One per group whose title is recorded.
    #[serde(default)]
    pub titles: Vec<TitleInput>,
}

/// Records a commune's titles of a year: the page and the API.
pub(crate) async fn set_titles(
    state: &AppState,
    signed: &Signed,
    unit: &str,
    year: &str,
    titles: &[TitleInput],
) -> Result<(Uuid, i16, usize), AppError> {
    let q = TitlesQuery {
        unit: Some(unit.to_owned()).filter(|u| !u.trim().is_empty()),
        year: Some(year.to_owned()).filter(|y| !y.trim().is_empty()),
    };
    let (unit, year) = q.place(state, signed).await?;
    let user = signed.user();
    let n = state
        .store
        .set_group_titles(&user.actor(), &user.scope(), unit, year, titles)
        .await?;
    Ok((unit, year, n))
}

impl Importable for Activities {
    const BASE: &'static str = "/activities";
    const NAME: &'static str = "Hoạt động văn hóa, thể thao";
    const HEADING: &'static str = "Nhập hoạt động văn hóa, thể thao từ tệp Excel";
    const FILE_NAME: &'static str = "mau-nhap-hoat-dong-van-hoa.xlsx";
    const ROW: &'static str = "một hoạt động";

    async fn save(
        store: &Store,
        actor: &Actor,
        scope: &Scope,
        commune: Uuid,
        rows: Vec<ImportRow<Self::Input>>,
        today: Date,
    ) -> Result<String, StoreError> {
        let n = store
            .import_activities(actor, scope, commune, &rows, today)
            .await?;
        Ok(format!("Đã nhập {n} hoạt động."))
    }
}
