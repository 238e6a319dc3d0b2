//! Splitting a commune among two or more: each group goes, with the
//! records made in it, to the commune that takes it; the divided commune
//! ends and hangs, with what was recorded at its own level and the groups
//! of the first part, under the first.

use xaphuong_core::access::Scope;
use xaphuong_core::audit::Actor;
use xaphuong_core::reorganisations::{
    Kind, NewGroup, OldGroup, SplitInput, ValidSplit, check_split, successor_groups,
};
use xaphuong_core::units::ValidUnit;

use super::{
    MergePlan, PlannedGroup, PlannedPart, PlannedPredecessor, PlannedUnit, Reorganisation,
    end_unit, move_under, move_users, planned, write_reorganisation,
};
use crate::units::{Unit, insert_from, update_in};
use crate::{Result, Store, StoreError, new_id, now_ms};

/// Everything a split needs, read and checked before anything is written.
struct Split {
    plan: MergePlan,
    valid: ValidSplit,
    unit: Unit,
    /// The existing commune taking each part, if it is one.
    takers: Vec<Option<Unit>>,
    parent: Option<Unit>,
    /// Each group of the commune, the part it goes to and its name there.
    groups: Vec<(Unit, usize, NewGroup)>,
}

impl Store {
    /// What splitting as `input` says would do, written nowhere.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn split_preview(&self, scope: &Scope, input: &SplitInput) -> Result<MergePlan> {
        Ok(self.split_of(scope, input).await?.plan)
    }

    async fn split_of(&self, scope: &Scope, input: &SplitInput) -> Result<Split> {
        let unit = self.unit(scope, input.unit).await.ok();
        let groups = match &unit {
            Some(u) => self.groups_of(u).await?,
            None => Vec::new(),
        };
        let mut takers = Vec::new();
        for part in &input.parts {
            takers.push(match part.into {
                Some(id) => self.unit(scope, id).await.ok(),
                None => None,
            });
        }
        let parent = match (input.parent, &unit) {
            (Some(id), _) => Some(self.unit(scope, id).await.map_err(|_| {
                xaphuong_core::Invalid::one(
                    "parent",
                    "Đơn vị cấp trên không tồn tại hoặc ngoài phạm vi quản lý",
                )
            })?),
            // The divided commune's own superior, wherever the caller's
            // scope ends.
            (None, Some(u)) => match u.parent_id {
                Some(p) => Some(self.unit(&Scope::All, p).await?),
                None => None,
            },
            (None, None) => None,
        };
        let unit_facts = unit.as_ref().map(Unit::facts).transpose()?;
        let taker_facts = takers
            .iter()
            .flatten()
            .map(Unit::facts)
            .collect::<Result<Vec<_>>>()?;
        let parent_facts = parent.as_ref().map(Unit::facts).transpose()?;
        let group_ids: Vec<_> = groups.iter().map(|g| g.id).collect();
        let valid = check_split(
            input,
            unit_facts.as_ref(),
            &group_ids,
            &taker_facts,
            parent_facts.as_ref(),
        )?;
        let unit = unit.ok_or(StoreError::NotFound("đơn vị hành chính"))?;
        let mut planned_groups = Vec::new();
        let mut parts = Vec::new();
        let mut moves = Vec::new();
        for (i, part) in valid.parts.iter().enumerate() {
            let successor = match (&takers[i], &part.successor) {
                (Some(t), _) => planned(t),
                (None, Some(v)) => PlannedUnit {
                    id: None,
                    code: v.code.clone(),
                    name: v.name.clone(),
                },
                (None, None) => {
                    return Err(StoreError::Unsupported("Thiếu đơn vị nhận".into()));
                }
            };
            let kept: Vec<String> = match &takers[i] {
                Some(t) => self
                    .groups_of(t)
                    .await?
                    .into_iter()
                    .map(|g| g.code)
                    .collect(),
                None => Vec::new(),
            };
            let mine: Vec<&Unit> = part
                .groups
                .iter()
                .filter_map(|id| groups.iter().find(|g| g.id == *id))
                .collect();
            let old: Vec<OldGroup> = mine
                .iter()
                .map(|g| OldGroup {
                    id: g.id,
                    code: g.code.clone(),
                    name: g.name.clone(),
                    commune: unit.name.clone(),
                })
                .collect();
            let mut taken = Vec::new();
            for (g, n) in mine.into_iter().zip(successor_groups(&old, &kept)) {
                let to = PlannedUnit {
                    id: Some(g.id),
                    code: n.code.clone(),
                    name: n.name.clone(),
                };
                planned_groups.push(PlannedGroup {
                    from: planned(g),
                    commune: unit.name.clone(),
                    to: to.clone(),
                    renamed: n.renamed,
                });
                taken.push(to);
                moves.push((g.clone(), i, n));
            }
            parts.push(PlannedPart {
                successor,
                groups: taken,
            });
        }
        let plan = MergePlan {
            basis: valid.basis.clone(),
            basis_date: valid.basis_date.to_string(),
            effective_on: valid.effective_on.to_string(),
            successor: parts[0].successor.clone(),
            parent: parent.as_ref().map(planned),
            predecessors: vec![PlannedPredecessor {
                unit: planned(&unit),
                records: self.records_under(&unit.path).await?,
                users: self.users_at(&unit).await?,
            }],
            groups: planned_groups,
            parts,
        };
        Ok(Split {
            plan,
            valid,
            unit,
            takers,
            parent,
            groups: moves,
        })
    }

    /// Splits a commune as `input` says, all or nothing: the groups of
    /// each part go under the commune taking it with the records made in
    /// them (renamed where it has a group of the same code); the divided
    /// commune ends on the effective date and hangs under the first part
    /// with its own records and its accounts. Audited unit by unit.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn split_unit(
        &self,
        actor: &Actor,
        scope: &Scope,
        input: &SplitInput,
    ) -> Result<Reorganisation> {
        let s = self.split_of(scope, input).await?;
        let day = s.valid.effective_on.to_string();
        let mut tx = self.db.begin().await?;
        // End first: a new commune may take the divided one's code.
        let ended = end_unit(&mut tx, &s.unit, &day).await?;
        let mut successors = Vec::new();
        for (taker, part) in s.takers.iter().zip(&s.valid.parts) {
            successors.push(match (taker, &part.successor) {
                (Some(t), _) => t.clone(),
                (None, Some(v)) => {
                    insert_from(&mut tx, actor, s.parent.as_ref(), v, Some(day.clone())).await?
                }
                (None, None) => {
                    return Err(StoreError::Unsupported("Thiếu đơn vị nhận".into()));
                }
            });
        }
        for (group, i, name) in &s.groups {
            // Renamed where it is, then moved: the taker's code stays free.
            let renamed = if name.renamed {
                let valid = ValidUnit {
                    code: name.code.clone(),
                    name: name.name.clone(),
                    kind: group.kind,
                };
                update_in(&mut tx, actor, group, &valid)
                    .await
                    .map_err(|e| match e {
                        StoreError::Conflict(_) => StoreError::conflict(
                            "parts",
                            format!("Tổ mã {} đã có trong {}", name.code, s.unit.name),
                        ),
                        e => e,
                    })?
            } else {
                group.clone()
            };
            // The first part's groups stay under the divided commune,
            // which hangs under that part below.
            if *i > 0 {
                move_under(&mut tx, actor, &renamed, &successors[*i], None).await?;
            }
        }
        let moved = move_under(&mut tx, actor, &ended, &successors[0], Some(&day)).await?;
        let mut plan = s.plan.clone();
        for (part, successor) in plan.parts.iter_mut().zip(&successors) {
            part.successor = planned(successor);
        }
        plan.successor = planned(&successors[0]);
        let r = Reorganisation {
            id: new_id(),
            kind: Kind::Split,
            basis: s.valid.basis.clone(),
            basis_date: s.valid.basis_date.to_string(),
            effective_on: day,
            note: s.valid.note.clone(),
            unit_id: moved.id,
            unit_path: moved.path.clone(),
            plan,
            created_by: actor.name.clone(),
            created_at: now_ms(),
        };
        let pairs: Vec<_> = successors.iter().map(|t| (moved.id, t.id)).collect();
        write_reorganisation(&mut tx, actor, &r, &pairs).await?;
        move_users(&mut tx, actor, &moved, &successors[0]).await?;
        self.commit_and_recount(tx).await?;
        Ok(r)
    }
}
