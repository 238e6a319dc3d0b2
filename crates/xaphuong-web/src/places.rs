//! The communes and residential groups of the caller's scope: the unit
//! pickers of every register's filters and forms.

use askama::Template;
use uuid::Uuid;
use xaphuong_core::units::Level;
use xaphuong_store::units::Unit;

use crate::AppState;
use crate::auth::Signed;
use crate::error::AppError;

/// The residential groups and communes of the caller's scope, for filters
/// and forms.
pub async fn places(
    state: &AppState,
    signed: &Signed,
    open: Option<Uuid>,
) -> Result<Vec<Unit>, AppError> {
    Ok(state.store.places(&signed.user().scope(), open).await?)
}

/// A commune and the groups the picker lists under it.
pub struct PlaceGroup<'a> {
    pub unit: &'a Unit,
    pub groups: Vec<&'a Unit>,
}

#[derive(Template)]
#[template(path = "place_options.html")]
struct PlaceOptions<'a> {
    communes: Vec<PlaceGroup<'a>>,
    /// A group head's own group: no commune above it in reach.
    orphans: Vec<&'a Unit>,
    selected: &'a str,
}

/// The `<option>`s of a unit picker: each commune, with its groups (as
/// [`places`] lists them) in an `<optgroup>` under its name; `selected` is
/// the chosen unit's id.
pub fn place_options(places: &[Unit], selected: &str) -> String {
    let mut communes: Vec<PlaceGroup> = Vec::new();
    let mut orphans = Vec::new();
    for u in places {
        match communes.last_mut() {
            // A merged ward's groups hang under its former wards.
            Some(c) if u.level == Level::Group && u.path.starts_with(&c.unit.path) => {
                c.groups.push(u)
            }
            _ if u.level == Level::Group => orphans.push(u),
            _ => communes.push(PlaceGroup {
                unit: u,
                groups: Vec::new(),
            }),
        }
    }
    PlaceOptions {
        communes,
        orphans,
        selected: selected.trim(),
    }
    .render()
    .unwrap_or_default()
}

/// The communes within the caller's reach, for the forms that ask for one.
pub async fn communes(state: &AppState, signed: &Signed) -> Result<Vec<Unit>, AppError> {
    Ok(places(state, signed, None)
        .await?
        .into_iter()
        .filter(|u| u.level == Level::Commune)
        .collect())
}

/// What a register's list, export and counts read: the caller's scope, or
/// one former unit of it (`?former=ID`: a ward merged into the caller's,
/// whose records it holds), with the former units the filter offers.
pub struct ListScope {
    pub scope: xaphuong_core::access::Scope,
    /// (id, name) of each former commune in the caller's scope.
    pub formers: Vec<(String, String)>,
    /// The chosen one's id, or empty.
    pub former: String,
}

pub async fn list_scope(
    state: &AppState,
    signed: &Signed,
    former: &Option<String>,
) -> Result<ListScope, AppError> {
    let own = signed.user().scope();
    let formers = state
        .store
        .former_units(&own, Level::Commune)
        .await?
        .into_iter()
        .map(|u| {
            (
                u.id.to_string(),
                format!(
                    "{} ({}, đến {})",
                    u.name,
                    u.code,
                    u.valid_to.unwrap_or_default()
                ),
            )
        })
        .collect();
    let chosen = crate::page::parse_id(former, "former")?;
    let scope = match chosen {
        // Out of the caller's scope: not found, like any record.
        Some(id) => state.store.unit(&own, id).await?.scope(),
        None => own,
    };
    Ok(ListScope {
        scope,
        formers,
        former: chosen.map(|id| id.to_string()).unwrap_or_default(),
    })
}

/// The commune and year a per-commune page asks for: the year as asked
/// (default: this year) and the commune as asked, else the caller's
/// commune (a group head's is their group's), else the first in reach.
pub async fn commune_year(
    state: &AppState,
    signed: &Signed,
    unit: &Option<String>,
    year: &Option<String>,
) -> Result<(uuid::Uuid, i16), AppError> {
    use xaphuong_core::units::Level;
    let year = crate::page::parse_year(year)?.unwrap_or(crate::page::today().year());
    if let Some(unit) = crate::page::parse_id(unit, "unit")? {
        return Ok((unit, year));
    }
    let user = signed.user();
    if let Some(id) = user.unit_id {
        let unit = state.store.unit(&user.scope(), id).await?;
        match unit.level {
            Level::Commune => return Ok((unit.id, year)),
            Level::Group => return Ok((state.store.commune_of(&unit).await?.id, year)),
            _ => {}
        }
    }
    let first = communes(state, signed).await?.into_iter().next();
    let first = first.ok_or_else(|| xaphuong_core::Invalid::one("unit", "Chọn xã, phường"))?;
    Ok((first.id, year))
}
