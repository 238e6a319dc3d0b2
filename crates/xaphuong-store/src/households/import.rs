//! Households and review results from files: every row checked first,
//! then all written in one transaction, or none.

use std::collections::{HashMap, HashSet};

use jiff::civil::Date;
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::households::culture;
use xaphuong_core::households::household::{
    ValidHousehold, ValidMember, check_members, validate_household, validate_member,
};
use xaphuong_core::households::poverty::{self, Area};
use xaphuong_core::households::{CultureRow, MemberRow, PovertyRow};
use xaphuong_core::import::ImportRow;
use xaphuong_core::{FieldError, Invalid};

use super::members::NewHouseholds;
use super::reviews::{ReviewWrites, poverty_reviews_under};
use super::{Household, HouseholdRow, SELECT, default_area, this_year};
use crate::args::Args;
use crate::imports::{ImportPlace, at_row};
use crate::units::Unit;
use crate::{Result, Store};

impl Store {
    /// Households and their members from a file, one member per row, into
    /// commune `commune_id`: every row checked first (fields, group, one
    /// head per household, no code already in the commune, no ID number
    /// twice), then all written in one transaction, or none.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_households(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        rows: Vec<ImportRow<MemberRow>>,
        registered_on: Date,
    ) -> Result<(usize, usize)> {
        let mut file = self.household_import(scope, commune_id).await?;
        for r in rows {
            file.add(r);
        }
        self.save_households(actor, file, registered_on).await
    }

    /// An import of households into commune `commune_id`, to be fed row by
    /// row ([`HouseholdImport::add`]) as the file is read, so that the
    /// file's rows are never all held at once, then saved with
    /// [`Store::save_households`].
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn household_import(
        &self,
        scope: &Scope,
        commune_id: Uuid,
    ) -> Result<HouseholdImport> {
        let place = self.import_place(scope, commune_id).await?;
        let area = default_area(&place.commune);
        Ok(HouseholdImport {
            place,
            area,
            this_year: this_year(),
            errors: Vec::new(),
            order: Vec::new(),
            found: HashMap::new(),
            rows_of: HashMap::new(),
            broken: HashSet::new(),
        })
    }

    /// Writes the households of `file` if no row of it had a problem and
    /// none clashes with the register: all of them or none.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn save_households(
        &self,
        actor: &Actor,
        file: HouseholdImport,
        registered_on: Date,
    ) -> Result<(usize, usize)> {
        let HouseholdImport {
            place,
            mut errors,
            order,
            found,
            rows_of,
            broken,
            ..
        } = file;
        let existing: HashSet<String> = read!(&self.db, |c| {
            sqlx::query_as::<_, (String,)>("SELECT code FROM households WHERE commune_id = $1")
                .bind(place.commune.id)
                .fetch_all(c)
                .await
        })?
        .into_iter()
        .map(|(c,)| c)
        .collect();
        let mut ids: HashMap<String, usize> = HashMap::new();
        for code in &order {
            let (_, _, first_row, members) = &found[code];
            if existing.contains(code) {
                errors.push(
                    FieldError::new(
                        "code",
                        format!("Đã có hộ mã {code} trong {}", place.commune.name),
                    )
                    .at_row(*first_row),
                );
            }
            if !broken.contains(code)
                && let Err(e) = check_members(members)
            {
                at_row(&mut errors, *first_row, e);
            }
            for (m, row) in members.iter().zip(&rows_of[code]) {
                if let Some(id) = &m.citizen_id
                    && let Some(first) = ids.insert(id.clone(), *row)
                    && first != *row
                {
                    errors.push(
                        FieldError::new(
                            "citizen_id",
                            format!("Số định danh {id} trùng với dòng {first}"),
                        )
                        .at_row(*row),
                    );
                }
            }
        }
        if !errors.is_empty() {
            errors.sort_by_key(|e| e.row);
            return Err(Invalid(errors).into());
        }
        let groups: HashMap<Uuid, Unit> =
            place.groups().iter().map(|g| (g.id, g.clone())).collect();
        let mut tx = self.db.begin().await?;
        let mut w = NewHouseholds::new();
        let mut members = 0;
        for code in &order {
            let (h, group, _, ms) = &found[code];
            let group = group.and_then(|g| groups.get(&g));
            let hh = w.household(actor, &place.commune, group, h, registered_on)?;
            for m in ms {
                w.member(actor, &hh, m)?;
                members += 1;
            }
            if w.full() {
                w.flush(&mut tx).await?;
            }
        }
        w.flush(&mut tx).await?;
        tx.commit().await?;
        Ok((order.len(), members))
    }

    /// The households of commune `commune_id`, by code, for a review file.
    async fn review_file(&self, scope: &Scope, commune_id: Uuid) -> Result<ReviewFile> {
        let place = self.import_place(scope, commune_id).await?;
        let (lo, hi) = place.commune.scope().path_range();
        let rows: Vec<HouseholdRow> = self
            .all(
                format!("{SELECT} WHERE h.unit_path >= $1 AND h.unit_path < $2"),
                Args::new().bind(&lo).bind(&hi),
            )
            .await?;
        Ok(ReviewFile {
            commune: place.commune,
            by_code: rows
                .into_iter()
                .map(Household::from)
                .map(|h| (h.code.clone(), h))
                .collect(),
            seen: HashMap::new(),
            errors: Vec::new(),
        })
    }

    /// Poverty review results from a file, all or none; a household
    /// reviewed again in the same year is replaced.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_poverty_reviews(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        rows: &[ImportRow<PovertyRow>],
    ) -> Result<usize> {
        let mut file = self.review_file(scope, commune_id).await?;
        let standards = self.poverty_standards().await?;
        let mut ready = Vec::with_capacity(rows.len());
        for r in rows {
            let Some(h) = file.household(r.row, &r.input.household) else {
                continue;
            };
            let mut input = r.input.review.clone();
            if input.area.trim().is_empty() {
                input.area = h.area.as_str().to_owned();
            }
            match poverty::validate_review(&standards, &input) {
                Ok(v) => {
                    file.once(r.row, &h.code, v.year);
                    ready.push((h, v));
                }
                Err(e) => at_row(&mut file.errors, r.row, e),
            }
        }
        let errors = file.errors;
        if !errors.is_empty() {
            return Err(Invalid(errors).into());
        }
        let mut years: Vec<i16> = ready.iter().map(|(_, v)| v.year).collect();
        years.sort_unstable();
        years.dedup();
        let mut tx = self.db.begin().await?;
        let mut before = poverty_reviews_under(&mut tx, &file.commune.path, &years).await?;
        let mut w = ReviewWrites::new();
        for (h, v) in &ready {
            w.poverty(actor, h, v, before.remove(&(h.id, v.year)))?;
            if w.full() {
                w.flush(&mut tx).await?;
            }
        }
        w.flush(&mut tx).await?;
        tx.commit().await?;
        Ok(ready.len())
    }

    /// Cultural-family review results from a file, all or none.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_culture_reviews(
        &self,
        actor: &Actor,
        scope: &Scope,
        commune_id: Uuid,
        rows: &[ImportRow<CultureRow>],
    ) -> Result<usize> {
        let mut file = self.review_file(scope, commune_id).await?;
        let mut ready = Vec::with_capacity(rows.len());
        for r in rows {
            let Some(h) = file.household(r.row, &r.input.household) else {
                continue;
            };
            match culture::validate_culture(&r.input.culture) {
                Ok(v) => {
                    file.once(r.row, &h.code, v.year);
                    ready.push((h, v));
                }
                Err(e) => at_row(&mut file.errors, r.row, e),
            }
        }
        let errors = file.errors;
        if !errors.is_empty() {
            return Err(Invalid(errors).into());
        }
        let mut tx = self.db.begin().await?;
        let mut w = ReviewWrites::new();
        for (h, v) in &ready {
            w.culture(actor, h, v.year, &v.assessment)?;
            if w.full() {
                w.flush(&mut tx).await?;
            }
        }
        w.flush(&mut tx).await?;
        tx.commit().await?;
        Ok(ready.len())
    }
}

/// The households a review file names, and the problems met reading it.
struct ReviewFile {
    commune: Unit,
    by_code: HashMap<String, Household>,
    /// (household code, year) → the row that first gave it.
    seen: HashMap<(String, i16), usize>,
    errors: Vec<FieldError>,
}

impl ReviewFile {
    /// The household a row names by code, or a problem for the row.
    fn household(&mut self, row: usize, written: &str) -> Option<Household> {
        let code = written.trim();
        let found = self.by_code.get(code).cloned();
        if found.is_none() {
            let msg = format!("Không có hộ mã «{code}» trong {}", self.commune.name);
            self.errors
                .push(FieldError::new("household", msg).at_row(row));
        }
        found
    }

    /// A household's review of a year is given once in a file.
    fn once(&mut self, row: usize, code: &str, year: i16) {
        if let Some(first) = self.seen.insert((code.to_owned(), year), row) {
            let msg = format!("Hộ {code} năm {year} trùng với dòng {first}");
            self.errors
                .push(FieldError::new("household", msg).at_row(row));
        }
    }
}

/// Households read from a file, checked row by row as they come (see
/// [`Store::household_import`]).
pub struct HouseholdImport {
    place: ImportPlace,
    area: Area,
    this_year: i16,
    errors: Vec<FieldError>,
    /// Household codes in file order.
    order: Vec<String>,
    /// Each household with its group, first row and members.
    found: HashMap<String, (ValidHousehold, Option<Uuid>, usize, Vec<ValidMember>)>,
    rows_of: HashMap<String, Vec<usize>>,
    /// Households with a row that failed its own checks.
    broken: HashSet<String>,
}

impl HouseholdImport {
    /// Checks one member's row and keeps what is valid; problems are kept
    /// for [`Store::save_households`] to report, every row's together.
    pub fn add(&mut self, r: ImportRow<MemberRow>) {
        let group = self
            .place
            .group(r.row, &r.group, &mut self.errors)
            .map(|g| g.id);
        let MemberRow {
            household: mut hh,
            mut member,
        } = r.input;
        if hh.area.trim().is_empty() {
            hh.area = self.area.as_str().to_owned();
        }
        member.household = hh.code.clone();
        let h = validate_household(&hh);
        let m = validate_member(&member, self.this_year);
        match (h, m) {
            (Ok(h), Ok(m)) => {
                let code = h.code.clone();
                self.rows_of.entry(code.clone()).or_default().push(r.row);
                match self.found.get_mut(&code) {
                    Some((first, first_group, first_row, members)) => {
                        if first.head_name != h.head_name || *first_group != group {
                            self.errors.push(
                                FieldError::new(
                                    "code",
                                    format!(
                                        "Hộ {code} ghi khác dòng {first_row} (chủ hộ hoặc tổ dân phố)"
                                    ),
                                )
                                .at_row(r.row),
                            );
                        }
                        members.push(m);
                    }
                    None => {
                        self.order.push(code.clone());
                        self.found.insert(code, (h, group, r.row, vec![m]));
                    }
                }
            }
            (h, m) => {
                // Its household's other checks would only repeat this.
                self.broken.insert(hh.code.trim().to_owned());
                if let Err(e) = h {
                    at_row(&mut self.errors, r.row, e);
                }
                if let Err(mut e) = m {
                    // The household code is the household's column,
                    // reported once under it.
                    e.0.retain(|f| f.field != "household");
                    if !e.0.is_empty() {
                        at_row(&mut self.errors, r.row, e);
                    }
                }
            }
        }
    }
}
