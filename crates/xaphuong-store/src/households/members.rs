//! Registering households and their members, one at a time or in batches
//! from a file: both take the same write path.

use std::collections::HashMap;

use jiff::civil::Date;
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::households::household::{
    HouseholdInput, MemberInput, Relation, ValidHousehold, ValidMember, check_members,
    validate_household, validate_member,
};
use xaphuong_core::units::Level;
use xaphuong_core::{Invalid, text};

use super::{Household, Member, claim_household, default_area, this_year};
use crate::args::Args;
use crate::audit::{self, Change};
use crate::bulk::{Batch, Ty};
use crate::db::Tx;
use crate::stored::code;
use crate::units::Unit;
use crate::{Result, Store, new_id, now_ms};

impl Store {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn household_members(&self, scope: &Scope, id: Uuid) -> Result<Vec<Member>> {
        let h = self.household(scope, id).await?;
        self.all(
            "SELECT id, household_id, full_name, relation, birth_year, sex, citizen_id
                 FROM household_members WHERE household_id = $1
                 ORDER BY CASE WHEN relation = 'head' THEN 0 ELSE 1 END, birth_year, full_name",
            Args::new().bind(h.id),
        )
        .await
    }

    /// The commune or group `unit_id` a household is filed under.
    pub(super) async fn household_place(
        &self,
        scope: &Scope,
        unit_id: Uuid,
    ) -> Result<(Unit, Option<Unit>)> {
        let unit = self.unit(scope, unit_id).await.map_err(|_| {
            Invalid::one("unit_id", "Đơn vị không tồn tại hoặc ngoài phạm vi quản lý")
        })?;
        // A household is registered in, or moves to, a unit in force.
        unit.refuse_ended("unit_id")?;
        match unit.level {
            Level::Commune => Ok((unit, None)),
            Level::Group => {
                let commune = self.commune_of(&unit).await?;
                Ok((commune, Some(unit)))
            }
            _ => Err(Invalid::one("unit_id", "Chọn xã, phường hoặc tổ dân phố, thôn").into()),
        }
    }

    /// Registers a household with its head as first member.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn create_household(
        &self,
        actor: &Actor,
        scope: &Scope,
        unit_id: Uuid,
        input: &HouseholdInput,
        head: &MemberInput,
        registered_on: Date,
    ) -> Result<Household> {
        let (commune, group) = self.household_place(scope, unit_id).await?;
        let mut input = input.clone();
        match &group {
            Some(g) => input.group = g.name.clone(),
            None => {
                return Err(Invalid::one("unit_id", "Chọn tổ dân phố, thôn của hộ").into());
            }
        }
        if input.area.trim().is_empty() {
            input.area = default_area(&commune).as_str().to_owned();
        }
        // Codes are unique in the commune. A caller who sees only part of
        // it (a group head) does not pick one: a refusal would tell which
        // codes the other groups hold. The next free code of the group's
        // series is given instead.
        if let Some(g) = group.as_ref().filter(|_| !scope.contains(&commune.path)) {
            input.code = self.next_household_code(&commune, g).await?;
        }
        let v = validate_household(&input)?;
        let mut head = head.clone();
        head.household = v.code.clone();
        head.relation = Relation::Head.as_str().to_owned();
        let m = validate_member(&head, this_year())?;
        if self.household_by_code(commune.id, &v.code).await?.is_some() {
            return Err(Invalid::one(
                "code",
                format!("Đã có hộ mã {} trong {}", v.code, commune.name),
            )
            .into());
        }
        let mut tx = self.db.begin().await?;
        let h =
            insert_household(&mut tx, actor, &commune, group.as_ref(), &v, registered_on).await?;
        insert_member(&mut tx, actor, &h, &m).await?;
        tx.commit().await?;
        Ok(h)
    }

    /// The next code of a group's series, free in the commune: the series
    /// its households' codes follow (the commonest letters before their
    /// closing number, e.g. `PCK-T05-`), or `<group code>-` for a group
    /// without any; numbered past the highest any household of the commune
    /// holds in it, as wide as its widest number (at least 4 digits).
    async fn next_household_code(&self, commune: &Unit, group: &Unit) -> Result<String> {
        fn split(code: &str) -> Option<(&str, &str)> {
            let at = code.trim_end_matches(|c: char| c.is_ascii_digit()).len();
            (at < code.len()).then(|| code.split_at(at))
        }
        let in_group: Vec<(String,)> = read!(&self.db, |c| {
            // By the group's path: the place index, not a scan.
            sqlx::query_as("SELECT code FROM households WHERE unit_path = $1")
                .bind(&group.path)
                .fetch_all(c)
                .await
        })?;
        let mut series: HashMap<&str, usize> = HashMap::new();
        for (code,) in &in_group {
            if let Some((prefix, _)) = split(code) {
                *series.entry(prefix).or_default() += 1;
            }
        }
        let prefix = match series
            .into_iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(b.0)))
        {
            Some((p, _)) => p.to_owned(),
            None => {
                let code: String = text::fold(&group.code)
                    .chars()
                    .filter(|c| c.is_ascii_alphanumeric())
                    .collect();
                format!("{}-", code.to_uppercase())
            }
        };
        // Compared exactly (a code may hold `_`, which LIKE would read).
        let taken: Vec<(String,)> = self.all(
            "SELECT code FROM households WHERE commune_id = $1 AND substr(code, 1, length($2)) = $2",
            Args::new()
                .bind(commune.id)
                .bind(&prefix),
        )
        .await?;
        let numbers: Vec<&str> = taken
            .iter()
            .filter_map(|(c,)| split(c).filter(|(p, _)| *p == prefix).map(|(_, n)| n))
            .collect();
        let width = numbers.iter().map(|n| n.len()).max().unwrap_or(0).max(4);
        let last = numbers
            .iter()
            .filter_map(|n| n.parse::<u64>().ok())
            .max()
            .unwrap_or(0);
        Ok(format!("{prefix}{:0width$}", last + 1))
    }

    pub(super) async fn household_by_code(
        &self,
        commune_id: Uuid,
        code: &str,
    ) -> Result<Option<Uuid>> {
        let row: Option<(Uuid,)> = self
            .opt(
                "SELECT id FROM households WHERE commune_id = $1 AND code = $2",
                Args::new().bind(commune_id).bind(code),
            )
            .await?;
        Ok(row.map(|(id,)| id))
    }

    /// Adds a member; a second head is refused.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn add_member(
        &self,
        actor: &Actor,
        scope: &Scope,
        household_id: Uuid,
        input: &MemberInput,
        today: Date,
    ) -> Result<Member> {
        let h = self.household(scope, household_id).await?;
        let mut input = input.clone();
        input.household = h.code.clone();
        let m = validate_member(&input, today.year())?;
        let mut all: Vec<ValidMember> = self
            .household_members(scope, h.id)
            .await?
            .into_iter()
            .map(|x| {
                Ok(ValidMember {
                    household: h.code.clone(),
                    relation: code("household_members.relation", &x.relation)?,
                    sex: code("household_members.sex", &x.sex)?,
                    full_name: x.full_name,
                    birth_year: x.birth_year as i16,
                    citizen_id: x.citizen_id,
                })
            })
            .collect::<Result<_>>()?;
        all.push(m.clone());
        check_members(&all)?;
        let mut tx = self.db.begin().await?;
        claim_household(&mut tx, &h).await?;
        let member = insert_member(&mut tx, actor, &h, &m).await?;
        tx.commit().await?;
        Ok(member)
    }
}

const HOUSEHOLD_COLUMNS: &[(&str, Ty)] = &[
    ("id", Ty::Uuid),
    ("code", Ty::Text),
    ("commune_id", Ty::Uuid),
    ("group_id", Ty::Uuid),
    ("unit_path", Ty::Text),
    ("head_name", Ty::Text),
    ("address", Ty::Text),
    ("area", Ty::Text),
    ("search_key", Ty::Text),
    ("registered_on", Ty::Text),
    ("moved_out_on", Ty::Text),
    ("created_at", Ty::Int),
    ("updated_at", Ty::Int),
];

const MEMBER_COLUMNS: &[(&str, Ty)] = &[
    ("id", Ty::Uuid),
    ("household_id", Ty::Uuid),
    ("full_name", Ty::Text),
    ("relation", Ty::Text),
    ("birth_year", Ty::Int),
    ("sex", Ty::Text),
    ("citizen_id", Ty::Text),
    ("created_at", Ty::Int),
    ("updated_at", Ty::Int),
];

/// New households and members with their audit entries, written in
/// batches: one household or a whole file take the same path.
pub(super) struct NewHouseholds {
    households: Batch,
    members: Batch,
    audit: Batch,
    now: i64,
}

impl NewHouseholds {
    /// Rows held before they are written, to bound memory.
    const FLUSH_AT: usize = 4_000;

    pub(super) fn new() -> Self {
        NewHouseholds {
            households: Batch::new("households", HOUSEHOLD_COLUMNS),
            members: Batch::new("household_members", MEMBER_COLUMNS),
            audit: audit::batch(),
            now: now_ms(),
        }
    }

    pub(super) fn household(
        &mut self,
        actor: &Actor,
        commune: &Unit,
        group: Option<&Unit>,
        v: &ValidHousehold,
        registered_on: Date,
    ) -> Result<Household> {
        let h = Household {
            id: new_id(),
            code: v.code.clone(),
            commune_id: commune.id,
            group_id: group.map(|g| g.id),
            group_name: group.map(|g| g.name.clone()),
            unit_path: group.map_or_else(|| commune.path.clone(), |g| g.path.clone()),
            head_name: v.head_name.clone(),
            address: v.address.clone(),
            area: v.area,
            registered_on,
            moved_out_on: None,
            updated_at: self.now,
        };
        self.households
            .uuid(h.id)
            .text(h.code.clone())
            .uuid(h.commune_id)
            .uuid(h.group_id)
            .text(h.unit_path.clone())
            .text(h.head_name.clone())
            .text(h.address.clone())
            .text(h.area.as_str())
            .text(text::fold(&format!(
                "{} {} {}",
                h.code, h.head_name, h.address
            )))
            .text(registered_on.to_string())
            .opt_text(None)
            .int(self.now)
            .int(self.now);
        audit::push(
            &mut self.audit,
            actor,
            Change::insert(Entity::Household, h.id, h.place(), &h),
        )?;
        Ok(h)
    }

    pub(super) fn member(
        &mut self,
        actor: &Actor,
        h: &Household,
        m: &ValidMember,
    ) -> Result<Member> {
        let member = Member {
            id: new_id(),
            household_id: h.id,
            full_name: m.full_name.clone(),
            relation: m.relation.as_str().to_owned(),
            birth_year: i64::from(m.birth_year),
            sex: m.sex.as_str().to_owned(),
            citizen_id: m.citizen_id.clone(),
        };
        self.members
            .uuid(member.id)
            .uuid(h.id)
            .text(member.full_name.clone())
            .text(member.relation.clone())
            .int(member.birth_year)
            .text(member.sex.clone())
            .opt_text(member.citizen_id.clone())
            .int(self.now)
            .int(self.now);
        audit::push(
            &mut self.audit,
            actor,
            Change::insert(Entity::HouseholdMember, member.id, h.place(), &member),
        )?;
        Ok(member)
    }

    pub(super) fn full(&self) -> bool {
        self.households.len() + self.members.len() >= Self::FLUSH_AT
    }

    /// Households before their members.
    pub(super) async fn flush(&mut self, tx: &mut Tx) -> Result<()> {
        self.households.flush(tx).await?;
        self.members.flush(tx).await?;
        self.audit.flush(tx).await
    }
}

async fn insert_household(
    tx: &mut Tx,
    actor: &Actor,
    commune: &Unit,
    group: Option<&Unit>,
    v: &ValidHousehold,
    registered_on: Date,
) -> Result<Household> {
    let mut w = NewHouseholds::new();
    let h = w.household(actor, commune, group, v, registered_on)?;
    w.flush(tx).await?;
    Ok(h)
}

async fn insert_member(
    tx: &mut Tx,
    actor: &Actor,
    h: &Household,
    m: &ValidMember,
) -> Result<Member> {
    let mut w = NewHouseholds::new();
    let member = w.member(actor, h, m)?;
    w.flush(tx).await?;
    Ok(member)
}
