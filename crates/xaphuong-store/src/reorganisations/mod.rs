//! Reorganisations of units (the reform of 1 July 2025): a merge ends its
//! predecessors and hangs each under its successor, so the successor's
//! scope — a path range like every scope — holds their records, while each
//! record keeps the unit it was made in. The predecessors' residential
//! groups go on, now groups of the successor (renamed where two wards had
//! one of the same code), so their heads and households stay with them.

mod conversion;
mod split;

pub use conversion::{Basis, ConversionLine, ConversionPreview};
use serde::{Deserialize, Serialize};
use uuid::Uuid;
use xaphuong_core::access::Scope;
use xaphuong_core::audit::{Actor, Entity};
use xaphuong_core::reorganisations::{
    Kind, MergeInput, NewGroup, OldGroup, check_merge, successor_groups,
};
use xaphuong_core::units::{Level, ValidUnit};

use crate::args::Args;
use crate::audit::{Change, Place};
use crate::db::Tx;
use crate::error::on_unique;
use crate::units::{COLUMNS, Snapshot, Unit, UnitRow, child_path, insert_from};
use crate::{Result, Store, StoreError, new_id, now_ms};

/// Every table whose rows carry the path of the unit they were made in,
/// with what the preview calls them. A moved subtree's paths are rewritten
/// in each; the one-stop aggregates are recounted after.
const RECORDS: [(&str, &str); 26] = [
    ("dossiers", "Hồ sơ thủ tục hành chính"),
    ("violations", "Vụ vi phạm trật tự xây dựng"),
    ("inspections", "Đợt kiểm tra trật tự đô thị"),
    ("inspection_cases", "Trường hợp vi phạm qua kiểm tra"),
    ("handovers", "Biên bản bàn giao mặt bằng"),
    ("works", "Công trình, tuyến đường dân sinh"),
    ("recruitment_quotas", "Chỉ tiêu tuyển quân"),
    ("recruits", "Công dân trong đợt tuyển quân"),
    ("budget_entries", "Dự toán, số thu ngân sách"),
    ("spending_entries", "Dự toán, số chi ngân sách"),
    ("activities", "Hoạt động văn hóa, thể thao"),
    ("group_titles", "Danh hiệu thôn, tổ dân phố văn hóa"),
    ("businesses", "Hộ kinh doanh"),
    ("tax_meetings", "Cuộc họp Hội đồng tư vấn thuế"),
    ("tax_debts", "Khoản nợ thuế"),
    ("cooperatives", "Hợp tác xã"),
    ("receptions", "Sổ tiếp công dân"),
    ("problems", "Phản ánh hiện trường"),
    ("households", "Hộ gia đình"),
    ("poverty_reviews", "Kết quả rà soát hộ nghèo"),
    ("culture_reviews", "Kết quả bình xét gia đình văn hóa"),
    ("resolutions", "Nghị quyết"),
    ("indicator_values", "Số liệu chỉ tiêu nhập tay"),
    ("audit_log", "Mục nhật ký thay đổi"),
    ("webhooks", "Địa chỉ nhận sự kiện (webhook)"),
    ("outbox_events", "Sự kiện đã báo cho hệ thống khác"),
];

/// A unit of the plan, as the preview shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlannedUnit {
    /// Set for a unit that exists; none for the one the merge makes.
    pub id: Option<Uuid>,
    pub code: String,
    pub name: String,
}

/// A predecessor and how many records of each register it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlannedPredecessor {
    pub unit: PlannedUnit,
    /// The registers that hold records made in it, with how many.
    pub records: Vec<RecordCount>,
    /// Accounts bound to it, which move to the successor.
    pub users: i64,
}

/// How many records of one register.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecordCount {
    pub register: String,
    pub count: i64,
}

/// A group of a predecessor and the successor's group taking over from it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlannedGroup {
    pub from: PlannedUnit,
    pub commune: String,
    pub to: PlannedUnit,
    pub renamed: bool,
}

/// What a merge will do, shown before it is applied and kept with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MergePlan {
    pub basis: String,
    pub basis_date: String,
    pub effective_on: String,
    pub successor: PlannedUnit,
    pub parent: Option<PlannedUnit>,
    pub predecessors: Vec<PlannedPredecessor>,
    pub groups: Vec<PlannedGroup>,
    /// A split's successors, the first keeping the divided commune, each
    /// with the groups it takes. Empty for a merge.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parts: Vec<PlannedPart>,
}

/// A successor of a split and the groups it takes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlannedPart {
    pub successor: PlannedUnit,
    pub groups: Vec<PlannedUnit>,
}

/// A reorganisation as kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Reorganisation {
    pub id: Uuid,
    pub kind: Kind,
    pub basis: String,
    pub basis_date: String,
    pub effective_on: String,
    pub note: String,
    pub unit_id: Uuid,
    pub unit_path: String,
    pub plan: MergePlan,
    pub created_by: String,
    pub created_at: i64,
}

impl Reorganisation {
    fn place(&self) -> Place<'_> {
        Place::at(self.unit_id, &self.unit_path)
    }
}

/// Everything a merge needs, read and checked before anything is written.
struct Merge {
    plan: MergePlan,
    valid: xaphuong_core::reorganisations::ValidMerge,
    predecessors: Vec<Unit>,
    parent: Option<Unit>,
    /// The groups of each predecessor that does not go on, and their names
    /// in the successor.
    groups: Vec<(Unit, NewGroup)>,
}

pub(crate) fn planned(u: &Unit) -> PlannedUnit {
    PlannedUnit {
        id: Some(u.id),
        code: u.code.clone(),
        name: u.name.clone(),
    }
}

impl Store {
    /// What merging as `input` says would do, written nowhere.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn merge_preview(&self, scope: &Scope, input: &MergeInput) -> Result<MergePlan> {
        Ok(self.merge_of(scope, input).await?.plan)
    }

    async fn merge_of(&self, scope: &Scope, input: &MergeInput) -> Result<Merge> {
        let mut predecessors = Vec::new();
        for id in &input.predecessors {
            if let Ok(u) = self.unit(scope, *id).await
                && !predecessors.iter().any(|p: &Unit| p.id == u.id)
            {
                predecessors.push(u);
            }
        }
        let parent = match input.parent {
            Some(id) => Some(self.unit(scope, id).await.map_err(|_| {
                xaphuong_core::Invalid::one(
                    "parent",
                    "Đơn vị cấp trên không tồn tại hoặc ngoài phạm vi quản lý",
                )
            })?),
            None => None,
        };
        let facts = predecessors
            .iter()
            .map(Unit::facts)
            .collect::<Result<Vec<_>>>()?;
        let parent_facts = parent.as_ref().map(Unit::facts).transpose()?;
        let valid = check_merge(input, &facts, parent_facts.as_ref())?;
        predecessors.sort_by(|a, b| a.code.cmp(&b.code));
        let into = valid
            .into
            .and_then(|id| predecessors.iter().find(|p| p.id == id));
        let successor = match (into, &valid.successor) {
            (Some(k), Some(v)) => PlannedUnit {
                id: Some(k.id),
                code: v.code.clone(),
                name: v.name.clone(),
            },
            (Some(k), None) => planned(k),
            (None, Some(v)) => PlannedUnit {
                id: None,
                code: v.code.clone(),
                name: v.name.clone(),
            },
            (None, None) => return Err(StoreError::Unsupported("Thiếu đơn vị kế thừa".into())),
        };
        let mut old = Vec::new();
        let mut kept = Vec::new();
        let mut group_units = Vec::new();
        for p in &predecessors {
            for g in self.groups_of(p).await? {
                if Some(p.id) == valid.into {
                    kept.push(g.code.clone());
                } else {
                    old.push(OldGroup {
                        id: g.id,
                        code: g.code.clone(),
                        name: g.name.clone(),
                        commune: p.name.clone(),
                    });
                    group_units.push(g);
                }
            }
        }
        let new_groups = successor_groups(&old, &kept);
        let groups: Vec<(Unit, NewGroup)> = group_units.into_iter().zip(new_groups).collect();
        let mut planned_predecessors = Vec::new();
        for p in &predecessors {
            planned_predecessors.push(PlannedPredecessor {
                unit: planned(p),
                records: self.records_under(&p.path).await?,
                users: self.users_at(p).await?,
            });
        }
        let plan = MergePlan {
            basis: valid.basis.clone(),
            basis_date: valid.basis_date.to_string(),
            effective_on: valid.effective_on.to_string(),
            successor,
            parent: parent.as_ref().map(planned),
            predecessors: planned_predecessors,
            groups: groups
                .iter()
                .map(|(g, n)| PlannedGroup {
                    from: planned(g),
                    commune: predecessors
                        .iter()
                        .find(|p| g.path.starts_with(&p.path))
                        .map(|p| p.name.clone())
                        .unwrap_or_default(),
                    to: PlannedUnit {
                        id: Some(g.id),
                        code: n.code.clone(),
                        name: n.name.clone(),
                    },
                    renamed: n.renamed,
                })
                .collect(),
            parts: Vec::new(),
        };
        Ok(Merge {
            plan,
            valid,
            predecessors,
            parent,
            groups,
        })
    }

    /// How many records of each register lie under `path`.
    async fn records_under(&self, path: &str) -> Result<Vec<RecordCount>> {
        let (lo, hi) = Scope::Subtree(path.to_owned()).path_range();
        let mut out = Vec::new();
        for (table, label) in RECORDS {
            let (n,): (i64,) = self
                .one(
                    format!(
                        "SELECT COUNT(*) FROM {table} WHERE unit_path >= $1 AND unit_path < $2"
                    ),
                    Args::new().bind(&lo).bind(&hi),
                )
                .await?;
            if n > 0 {
                out.push(RecordCount {
                    register: label.to_owned(),
                    count: n,
                });
            }
        }
        Ok(out)
    }

    /// Accounts bound to `unit` itself (a group's stay with the group).
    async fn users_at(&self, unit: &Unit) -> Result<i64> {
        let (n,): (i64,) = self
            .one(
                "SELECT COUNT(*) FROM users WHERE unit_id = $1",
                Args::new().bind(unit.id),
            )
            .await?;
        Ok(n)
    }

    /// Merges units as `input` says, all or nothing: the predecessors end
    /// on the effective date and hang under the successor with everything
    /// recorded in them; their groups become the successor's, renamed
    /// where two share a code; the accounts bound to them move to the
    /// successor (those of a group stay with it). A province's districts
    /// end with it (no district level since 1 July 2025, Nghị quyết
    /// 202/2025/QH15). The reorganisation, each unit and each account
    /// changed are audited.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn merge_units(
        &self,
        actor: &Actor,
        scope: &Scope,
        input: &MergeInput,
    ) -> Result<Reorganisation> {
        let m = self.merge_of(scope, input).await?;
        let day = m.valid.effective_on.to_string();
        let mut tx = self.db.begin().await?;
        // End first: the successor may take a predecessor's code.
        let mut ended = Vec::new();
        for p in m.predecessors.iter().filter(|p| Some(p.id) != m.valid.into) {
            ended.push(end_unit(&mut tx, p, &day).await?);
        }
        let successor = match m.valid.into {
            Some(id) => {
                let k = m
                    .predecessors
                    .iter()
                    .find(|p| p.id == id)
                    .ok_or(StoreError::NotFound("đơn vị nhận sáp nhập"))?;
                let moved = match &m.parent {
                    Some(parent) if Some(parent.id) != k.parent_id => {
                        move_under(&mut tx, actor, k, parent, None).await?
                    }
                    _ => k.clone(),
                };
                match &m.valid.successor {
                    // It goes on under a new code, name or kind.
                    Some(v) => crate::units::update_in(&mut tx, actor, &moved, v)
                        .await
                        .map_err(|e| match e {
                            StoreError::Conflict(_) => StoreError::conflict(
                                "successor.code",
                                format!("Mã {} đang được một đơn vị khác dùng", v.code),
                            ),
                            e => e,
                        })?,
                    None => moved,
                }
            }
            None => {
                let v = m
                    .valid
                    .successor
                    .as_ref()
                    .ok_or(StoreError::Unsupported("Thiếu đơn vị kế thừa".into()))?;
                insert_from(&mut tx, actor, m.parent.as_ref(), v, Some(day.clone())).await?
            }
        };
        let id = new_id();
        let mut successions = Vec::new();
        for p in &ended {
            let moved = move_under(&mut tx, actor, p, &successor, Some(&day)).await?;
            successions.push((moved, successor.clone()));
        }
        let mut plan = m.plan.clone();
        plan.successor = planned(&successor);
        for (old, new) in m.groups.iter().filter(|(_, n)| n.renamed) {
            let valid = ValidUnit {
                code: new.code.clone(),
                name: new.name.clone(),
                kind: old.kind,
            };
            crate::units::update_in(&mut tx, actor, old, &valid)
                .await
                .map_err(|e| match e {
                    StoreError::Conflict(_) => StoreError::conflict(
                        "groups",
                        format!("Tổ mã {} đã có trong {}", new.code, old.name),
                    ),
                    e => e,
                })?;
        }
        // Under their new paths: the districts moved with them.
        for (moved, _) in successions
            .iter()
            .filter(|(u, _)| u.level == Level::Province)
        {
            end_districts(&mut tx, actor, moved, &day).await?;
        }
        let kind = match (m.predecessors.as_slice(), m.valid.into) {
            ([only], Some(_)) if only.code != successor.code => Kind::Recode,
            ([only], Some(_)) if only.name != successor.name || only.kind != successor.kind => {
                Kind::Rename
            }
            ([_], Some(_)) => Kind::Reparent,
            _ => Kind::Merge,
        };
        let r = Reorganisation {
            id,
            kind,
            basis: m.valid.basis.clone(),
            basis_date: m.valid.basis_date.to_string(),
            effective_on: day,
            note: m.valid.note.clone(),
            unit_id: successor.id,
            unit_path: successor.path.clone(),
            plan,
            created_by: actor.name.clone(),
            created_at: now_ms(),
        };
        let pairs: Vec<(Uuid, Uuid)> = successions.iter().map(|(f, t)| (f.id, t.id)).collect();
        write_reorganisation(&mut tx, actor, &r, &pairs).await?;
        for (from, to) in &successions {
            move_users(&mut tx, actor, from, to).await?;
        }
        // The one-stop aggregates are kept per scope root: recounted from
        // the dossiers, now under their new roots.
        self.commit_and_recount(tx).await?;
        Ok(r)
    }

    /// The reorganisations that made or changed a unit inside `scope`,
    /// the latest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn reorganisations(&self, scope: &Scope) -> Result<Vec<Reorganisation>> {
        #[derive(sqlx::FromRow)]
        struct Row {
            id: Uuid,
            kind: String,
            basis: String,
            basis_date: String,
            effective_on: String,
            note: String,
            unit_id: Uuid,
            unit_path: String,
            plan: String,
            created_by: String,
            created_at: i64,
        }
        let rows: Vec<Row> = self
            .all(
                "SELECT id, kind, basis, basis_date, effective_on, note, unit_id, unit_path, plan, created_by, created_at
                     FROM reorganisations WHERE unit_path >= $1 AND unit_path < $2
                     ORDER BY effective_on DESC, created_at DESC LIMIT 500",
                Args::scope(scope),
            )
            .await?;
        rows.into_iter()
            .map(|r| {
                let kind = crate::stored::code::<Kind>("reorganisations.kind", &r.kind)?;
                let plan = serde_json::from_str(&r.plan)
                    .map_err(|e| StoreError::Corrupt(format!("kế hoạch sắp xếp đơn vị: {e}")))?;
                Ok(Reorganisation {
                    id: r.id,
                    kind,
                    basis: r.basis,
                    basis_date: r.basis_date,
                    effective_on: r.effective_on,
                    note: r.note,
                    unit_id: r.unit_id,
                    unit_path: r.unit_path,
                    plan,
                    created_by: r.created_by,
                    created_at: r.created_at,
                })
            })
            .collect()
    }

    /// The units `unit` took over from directly, by code.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn predecessors(&self, unit: &Unit) -> Result<Vec<Unit>> {
        self.linked(unit, "successor_id", "predecessor_id").await
    }

    /// The units that took over from `unit`, by code.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn successors(&self, unit: &Unit) -> Result<Vec<Unit>> {
        self.linked(unit, "predecessor_id", "successor_id").await
    }

    async fn linked(&self, unit: &Unit, this: &str, other: &str) -> Result<Vec<Unit>> {
        let columns = COLUMNS
            .split(", ")
            .map(|c| format!("u.{c}"))
            .collect::<Vec<_>>()
            .join(", ");
        let rows: Vec<UnitRow> = self
            .all(
                format!(
                    "SELECT {columns} FROM unit_successions s JOIN units u ON u.id = s.{other}
                         WHERE s.{this} = $1 ORDER BY u.code"
                ),
                Args::new().bind(unit.id),
            )
            .await?;
        Ok(rows.into_iter().map(Unit::from).collect())
    }

    /// The ended units of `unit`'s level inside its subtree: every former
    /// commune a merged commune holds, however many reorganisations back,
    /// for the "former unit" filter of the lists and a report's breakdown.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn former_units(
        &self,
        scope: &Scope,
        level: xaphuong_core::units::Level,
    ) -> Result<Vec<Unit>> {
        let (lo, hi) = scope.path_range();
        let rows: Vec<UnitRow> = self
            .all(
                format!(
                    "SELECT {COLUMNS} FROM units WHERE path >= $1 AND path < $2 AND valid_to IS NOT NULL
                       AND level = $3 ORDER BY code LIMIT 500"
                ),
                Args::new().bind(&lo).bind(&hi).bind(level.as_str()),
            )
            .await?;
        Ok(rows.into_iter().map(Unit::from).collect())
    }
}

/// Marks `unit` ended from `day`; a conflict if another change ended it
/// since it was read.
async fn end_unit(tx: &mut Tx, unit: &Unit, day: &str) -> Result<Unit> {
    let now = now_ms();
    let n = tx
        .run(
            "UPDATE units SET valid_to = $2, updated_at = $3 WHERE id = $1 AND valid_to IS NULL",
            Args::new().bind(unit.id).bind(day).bind(now),
        )
        .await?;
    if n != 1 {
        return Err(StoreError::conflict(
            "predecessors",
            format!("{} vừa được sắp xếp lại bởi người khác", unit.name),
        ));
    }
    Ok(Unit {
        valid_to: Some(day.to_owned()),
        updated_at: now,
        ..unit.clone()
    })
}

/// Ends the districts of a province that ended, refusing one that still
/// holds a commune in force: its communes are reorganised first.
async fn end_districts(tx: &mut Tx, actor: &Actor, province: &Unit, day: &str) -> Result<()> {
    let (lo, hi) = Scope::Subtree(province.path.clone()).path_range();
    let rows: Vec<UnitRow> = tx!(tx, |c| {
        sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM units WHERE path >= $1 AND path < $2 AND level = 'district' AND valid_to IS NULL"
    )))
    .bind(&lo)
    .bind(&hi)
    .fetch_all(c)
    .await
    })?;
    for district in rows.into_iter().map(Unit::from) {
        let (dlo, dhi) = district.scope().path_range();
        let (n,): (i64,) = tx!(tx, |c| {
            sqlx::query_as(
            "SELECT COUNT(*) FROM units WHERE path >= $1 AND path < $2 AND level = 'commune' AND valid_to IS NULL"
        )
        .bind(&dlo)
        .bind(&dhi)
        .fetch_one(c)
        .await
        })?;
        if n > 0 {
            return Err(xaphuong_core::Invalid::one(
                "predecessors",
                format!(
                    "{} còn {n} xã, phường đang hiệu lực: hãy sắp xếp các xã, phường trước",
                    district.name
                ),
            )
            .into());
        }
        let after = end_unit(tx, &district, day).await?;
        tx.audit(
            actor,
            Change::update(
                Entity::Unit,
                district.id,
                after.place(),
                &Snapshot::from(&district),
                &Snapshot::from(&after),
            ),
        )
        .await?;
    }
    Ok(())
}

/// Keeps a reorganisation applied in `tx`: its record and plan, audited,
/// and who took over from whom.
async fn write_reorganisation(
    tx: &mut Tx,
    actor: &Actor,
    r: &Reorganisation,
    successions: &[(Uuid, Uuid)],
) -> Result<()> {
    let plan_json = serde_json::to_string(&r.plan)
        .map_err(|e| StoreError::Unsupported(format!("Không ghi được kế hoạch sắp xếp: {e}")))?;
    tx.run(
        "INSERT INTO reorganisations (id, kind, basis, basis_date, effective_on, note, unit_id, unit_path, plan,
             created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
        Args::new()
            .bind(r.id)
            .bind(r.kind.as_str())
            .bind(&r.basis)
            .bind(&r.basis_date)
            .bind(&r.effective_on)
            .bind(&r.note)
            .bind(r.unit_id)
            .bind(&r.unit_path)
            .bind(plan_json)
            .bind(&r.created_by)
            .bind(r.created_at),
    )
    .await?;
    tx.audit(
        actor,
        Change::insert(Entity::Reorganisation, r.id, r.place(), r),
    )
    .await?;
    for (from, to) in successions {
        tx.run(
            "INSERT INTO unit_successions (predecessor_id, successor_id, reorganisation_id) VALUES ($1, $2, $3)",
            Args::new().bind(*from).bind(*to).bind(r.id),
        )
        .await
        .map_err(|e| on_unique(e, "predecessors", "Đơn vị này đã được sắp xếp vào đơn vị kế thừa"))?;
    }
    Ok(())
}

/// Hangs `unit` and its subtree under `parent`: the paths of its units
/// and of every record made in them are rewritten, nothing else. Audited
/// as a change of the unit; `ended` is the day it ended, if it did.
async fn move_under(
    tx: &mut Tx,
    actor: &Actor,
    unit: &Unit,
    parent: &Unit,
    ended: Option<&str>,
) -> Result<Unit> {
    let from = unit.path.clone();
    let to = child_path(Some(parent), unit.id);
    let (lo, hi) = Scope::Subtree(from.clone()).path_range();
    // Paths are ASCII (`/` and hexadecimal ids): bytes are characters.
    let rest = i64::try_from(from.len() + 1).unwrap_or(i64::MAX);
    tx.run(
        "UPDATE units SET path = $1 || substr(path, CAST($2 AS INTEGER)) WHERE path >= $3 AND path < $4",
        Args::new().bind(&to).bind(rest).bind(&lo).bind(&hi),
    )
    .await?;
    for (table, _) in RECORDS {
        tx.run(
            format!(
                "UPDATE {table} SET unit_path = $1 || substr(unit_path, CAST($2 AS INTEGER))
                     WHERE unit_path >= $3 AND unit_path < $4"
            ),
            Args::new().bind(&to).bind(rest).bind(&lo).bind(&hi),
        )
        .await?;
    }
    let former_parent_id = ended.and(unit.parent_id);
    let now = now_ms();
    tx.run(
        "UPDATE units SET parent_id = $2, former_parent_id = $3, updated_at = $4 WHERE id = $1",
        Args::new()
            .bind(unit.id)
            .bind(parent.id)
            .bind(former_parent_id)
            .bind(now),
    )
    .await?;
    let before = Unit {
        valid_to: None,
        ..unit.clone()
    };
    let after = Unit {
        parent_id: Some(parent.id),
        former_parent_id,
        path: to,
        valid_to: ended.map(str::to_owned),
        updated_at: now,
        ..unit.clone()
    };
    tx.audit(
        actor,
        Change::update(
            Entity::Unit,
            unit.id,
            after.place(),
            &Snapshot::from(&before),
            &Snapshot::from(&after),
        ),
    )
    .await?;
    Ok(after)
}

/// Moves the accounts bound to `from` to `to`, each audited.
async fn move_users(tx: &mut Tx, actor: &Actor, from: &Unit, to: &Unit) -> Result<()> {
    #[derive(Serialize)]
    struct At {
        unit_id: Uuid,
    }
    let ids: Vec<(Uuid,)> = tx!(tx, |c| sqlx::query_as(
        "SELECT id FROM users WHERE unit_id = $1"
    )
    .bind(from.id)
    .fetch_all(c)
    .await)?;
    for (id,) in ids {
        tx.run(
            "UPDATE users SET unit_id = $2, updated_at = $3 WHERE id = $1",
            Args::new().bind(id).bind(to.id).bind(now_ms()),
        )
        .await?;
        tx.audit(
            actor,
            Change::update(
                Entity::User,
                id,
                to.place(),
                &At { unit_id: from.id },
                &At { unit_id: to.id },
            ),
        )
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_table_with_a_unit_path_is_rewritten_by_a_move() {
        let mut tables = std::collections::BTreeSet::new();
        for file in
            std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite")).unwrap()
        {
            let sql = std::fs::read_to_string(file.unwrap().path()).unwrap();
            let mut table = None;
            for line in sql.lines() {
                if let Some(rest) = line.strip_prefix("CREATE TABLE ") {
                    table = rest.split_whitespace().next().map(str::to_owned);
                } else if let Some(rest) = line.strip_prefix("ALTER TABLE ") {
                    if line.contains(" unit_path ") {
                        tables.insert(rest.split_whitespace().next().unwrap().to_owned());
                    }
                } else if line.trim_start().starts_with("unit_path ")
                    && let Some(t) = &table
                {
                    tables.insert(t.clone());
                }
            }
        }
        // Kept per scope root and recounted after a move instead.
        for derived in [
            "dossier_day_counts",
            "dossier_year_counts",
            "reorganisations",
        ] {
            assert!(tables.remove(derived), "{derived}");
        }
        let moved: std::collections::BTreeSet<String> = super::RECORDS
            .iter()
            .map(|(t, _)| (*t).to_owned())
            .collect();
        assert_eq!(tables, moved);
    }
}
