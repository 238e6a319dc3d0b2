//! The conversion table of 2025 applied to what a deployment holds: each
//! new commune whose old ones are here becomes a merge, previewed whole,
//! then applied one merge after another.

use std::collections::HashMap;

use serde::Serialize;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::reorganisations::MergeInput;
use xaphuong_core::reorganisations::conversion::{Conversion, ConversionRow, plan, province_kind};
use xaphuong_core::units::{Level, UnitInput};
use xaphuong_core::{FieldError, Invalid};

use super::{PlannedUnit, planned};
use crate::args::Args;
use crate::units::{COLUMNS, Unit, UnitRow};
use crate::{Result, Store, StoreError};

/// The legal basis and the day of a whole conversion.
#[derive(Debug, Clone)]
pub struct Basis {
    pub basis: String,
    pub basis_date: String,
    pub effective_on: String,
}

/// One new commune of the table and the units it takes over.
#[derive(Debug, Clone, Serialize)]
pub struct ConversionLine {
    pub conversion: Conversion,
    pub predecessors: Vec<PlannedUnit>,
    /// Already as the table says: nothing left to do.
    pub done: bool,
}

/// What applying the table would do here.
#[derive(Debug, Clone, Serialize)]
pub struct ConversionPreview {
    /// The new provinces, `id` none for one to be made.
    pub provinces: Vec<PlannedUnit>,
    pub communes: Vec<ConversionLine>,
    /// Rows of the table about communes this deployment does not hold.
    pub other_rows: usize,
}

impl Store {
    /// The communes in force inside `scope`, by code.
    async fn communes_held(&self, scope: &Scope) -> Result<HashMap<String, Unit>> {
        let rows: Vec<UnitRow> = self
            .all(
                format!(
                    "SELECT {COLUMNS} FROM units WHERE path >= $1 AND path < $2 AND level = 'commune'
                       AND valid_to IS NULL"
                ),
                Args::scope(scope),
            )
            .await?;
        Ok(rows
            .into_iter()
            .map(Unit::from)
            .map(|u| (u.code.clone(), u))
            .collect())
    }

    /// What the conversion table would do to the units of `scope`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn conversion_preview(
        &self,
        scope: &Scope,
        rows: &[ConversionRow],
    ) -> Result<ConversionPreview> {
        let held = self.communes_held(scope).await?;
        let names: HashMap<String, String> = held
            .iter()
            .map(|(c, u)| (c.clone(), u.name.clone()))
            .collect();
        let conversions = plan(rows, &names);
        let mut provinces: Vec<PlannedUnit> = Vec::new();
        let mut communes = Vec::new();
        for c in conversions {
            let province = self
                .unit_by_code(scope, &c.province_code, None)
                .await
                .ok()
                .filter(|u| u.level == Level::Province);
            if !provinces.iter().any(|p| p.code == c.province_code) {
                provinces.push(match &province {
                    Some(p) => planned(p),
                    None => PlannedUnit {
                        id: None,
                        code: c.province_code.clone(),
                        name: c.province_name.clone(),
                    },
                });
            }
            let predecessors: Vec<&Unit> = c
                .predecessors
                .iter()
                .filter_map(|code| held.get(code))
                .collect();
            let done = match (c.into.as_ref().and_then(|k| held.get(k)), &province) {
                (Some(k), Some(p)) => {
                    predecessors.len() == 1
                        && k.code == c.new_code
                        && k.name == c.new_name
                        && k.kind == c.new_kind
                        && k.parent_id == Some(p.id)
                }
                _ => false,
            };
            communes.push(ConversionLine {
                predecessors: predecessors.into_iter().map(planned).collect(),
                conversion: c,
                done,
            });
        }
        let used: usize = communes
            .iter()
            .map(|l| {
                rows.iter()
                    .filter(|r| {
                        r.new_code == l.conversion.new_code
                            && l.conversion.predecessors.contains(&r.old_code)
                    })
                    .count()
            })
            .sum();
        Ok(ConversionPreview {
            provinces,
            communes,
            other_rows: rows.len() - used,
        })
    }

    /// Applies the conversion table to the units of `scope`: the new
    /// provinces made where missing, then each new commune's merge, each
    /// checked before any is applied; then the old provinces left without
    /// a commune merged into the province most of theirs went to, their
    /// districts ended. A merge already applied is skipped, so a second
    /// run changes nothing.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn apply_conversion(
        &self,
        actor: &Actor,
        scope: &Scope,
        rows: &[ConversionRow],
        basis: &Basis,
    ) -> Result<usize> {
        let preview = self.conversion_preview(scope, rows).await?;
        let mut provinces: HashMap<String, Unit> = HashMap::new();
        for p in &preview.provinces {
            let unit = match p.id {
                Some(id) => self.unit(scope, id).await?,
                None => {
                    self.create_unit(
                        actor,
                        scope,
                        None,
                        &UnitInput {
                            code: p.code.clone(),
                            name: p.name.clone(),
                            kind: province_kind(&p.name).as_str().into(),
                        },
                    )
                    .await?
                }
            };
            provinces.insert(p.code.clone(), unit);
        }
        let held = self.communes_held(scope).await?;
        // Which old province each predecessor was in, to end the old
        // provinces afterwards.
        let mut went: HashMap<uuid::Uuid, (Unit, HashMap<String, usize>)> = HashMap::new();
        let mut merges = Vec::new();
        let mut errors = Vec::new();
        for line in preview.communes.iter().filter(|l| !l.done) {
            let c = &line.conversion;
            let province = &provinces[&c.province_code];
            for code in &c.predecessors {
                if let Some(u) = held.get(code)
                    && let Some(old) = self
                        .unit_ancestors(u)
                        .await?
                        .into_iter()
                        .find(|a| a.level == Level::Province && a.id != province.id)
                {
                    *went
                        .entry(old.id)
                        .or_insert_with(|| (old.clone(), HashMap::new()))
                        .1
                        .entry(c.province_code.clone())
                        .or_default() += 1;
                }
            }
            let input = MergeInput {
                basis: basis.basis.clone(),
                basis_date: basis.basis_date.clone(),
                effective_on: basis.effective_on.clone(),
                note: if c.shared.is_empty() {
                    String::new()
                } else {
                    format!(
                        "Xã, phường chia cho nhiều đơn vị mới, sổ sách theo đơn vị này: {}",
                        c.shared.join(", ")
                    )
                },
                predecessors: c
                    .predecessors
                    .iter()
                    .filter_map(|code| held.get(code).map(|u| u.id))
                    .collect(),
                into: c.into.as_ref().and_then(|k| held.get(k)).map(|u| u.id),
                successor: UnitInput {
                    code: c.new_code.clone(),
                    name: c.new_name.clone(),
                    kind: c.new_kind.as_str().into(),
                },
                parent: Some(province.id),
            };
            match self.merge_preview(scope, &input).await {
                Ok(_) => merges.push(input),
                Err(StoreError::Invalid(e) | StoreError::Conflict(e)) => {
                    for f in e.0 {
                        errors.push(FieldError::new(
                            "tệp",
                            format!("{} ({}): {}", c.new_name, c.new_code, f.message),
                        ));
                    }
                }
                Err(e) => return Err(e),
            }
        }
        if !errors.is_empty() {
            return Err(Invalid(errors).into());
        }
        let applied = merges.len();
        for input in &merges {
            self.merge_units(actor, scope, input).await?;
        }
        for (old, counts) in went.into_values() {
            let (code, _) = counts
                .into_iter()
                .max_by_key(|(code, n)| (*n, std::cmp::Reverse(code.clone())))
                .unwrap_or_default();
            let Some(new) = provinces.get(&code) else {
                continue;
            };
            let left = self.communes_held(&old.scope()).await?;
            let old = self.unit(scope, old.id).await?;
            if !left.is_empty() || old.ended() {
                continue;
            }
            let input = MergeInput {
                basis: basis.basis.clone(),
                basis_date: basis.basis_date.clone(),
                effective_on: basis.effective_on.clone(),
                note: String::new(),
                predecessors: vec![old.id, new.id],
                into: Some(new.id),
                successor: UnitInput::default(),
                parent: None,
            };
            self.merge_units(actor, scope, &input).await?;
        }
        Ok(applied)
    }
}
