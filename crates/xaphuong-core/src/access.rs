//! Who may do what, and where. Deny by default: a permission not granted here
//! is refused, and every record is reachable only inside the account's scope.

use serde::{Deserialize, Serialize};

use crate::users::Role;

/// Everything a route may require.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Permission {
    /// See the units of one's scope.
    ViewUnits,
    /// Create, edit, delete, import units.
    ManageUnits,
    /// See the accounts of one's scope.
    ViewUsers,
    /// Create and edit accounts.
    ManageUsers,
    /// Browse the audit trail.
    ViewAudit,
    /// Edit days off, make-up days and office hours.
    ManageCalendar,
    /// See the urban-order violation register (it names households).
    ViewViolations,
    /// Record cases and their steps.
    ManageViolations,
    /// See the other registers (land hand-overs, …).
    ViewRegisters,
    /// Keep them.
    ManageRegisters,
    /// See the one-stop shop's dossiers (they name citizens).
    ViewDossiers,
    /// Take steps on dossiers; which steps depends on the role
    /// ([`may_take`]).
    HandleDossiers,
    /// Edit the procedure catalogue.
    ManageProcedures,
    /// See households and their reviews (personal data by
    /// [`crate::households::personal_view`]).
    ViewHouseholds,
    /// Keep households, members and the yearly reviews.
    ManageHouseholds,
    /// See a commune's resolution and the report on it: the figures of a
    /// whole commune, so not a group head's (their scope is one group).
    ViewReports,
    /// Register the endpoints told of a commune's events, see and replay
    /// their deliveries.
    ManageWebhooks,
}

impl Role {
    /// Whether this role holds `permission`. Deny unless listed.
    pub fn allows(self, permission: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Admin => true,
            Role::Leader => matches!(
                permission,
                ViewReports
                    | ViewUnits
                    | ViewUsers
                    | ViewAudit
                    | ViewViolations
                    | ViewRegisters
                    | ViewDossiers
                    | HandleDossiers
                    | ViewHouseholds
            ),
            Role::SpecialistOfficer => matches!(
                permission,
                ViewReports
                    | ViewUnits
                    | ViewViolations
                    | ManageViolations
                    | ViewRegisters
                    | ManageRegisters
                    | ViewDossiers
                    | HandleDossiers
                    | ViewHouseholds
                    | ManageHouseholds
            ),
            // A group head keeps the households of their own group (their
            // scope is the group).
            Role::GroupHead => matches!(
                permission,
                ViewUnits
                    | ViewViolations
                    | ManageViolations
                    | ViewRegisters
                    | ViewHouseholds
                    | ManageHouseholds
            ),
            Role::OneStopOfficer => {
                matches!(
                    permission,
                    ViewUnits | ViewDossiers | HandleDossiers | ViewHouseholds
                )
            }
        }
    }
}

/// Which steps of a dossier a role takes (by the lifecycle's action code):
/// the counter receives, hands over and returns; the specialist appraises;
/// the leader approves (NĐ 118/2025/NĐ-CP Art. 17–22).
pub fn may_take(role: Role, action: &str) -> bool {
    const COUNTER: &[&str] = &[
        "accept",
        "refuse",
        "intake_supplement",
        "assign",
        "supplement_received",
        "return_result",
        "withdraw",
    ];
    const SPECIALIST: &[&str] = &[
        "submit",
        "transfer",
        "transfer_back",
        "request_supplement",
        "supplement_received",
        "request_financial",
        "financial_done",
        "apologise",
        "stop",
        "withdraw",
    ];
    const LEADER: &[&str] = &["approve", "send_back", "apologise", "stop"];
    match role {
        Role::Admin => true,
        Role::OneStopOfficer => COUNTER.contains(&action),
        Role::SpecialistOfficer => SPECIALIST.contains(&action),
        Role::Leader => LEADER.contains(&action),
        Role::GroupHead => false,
    }
}

/// The part of the unit tree an account reaches: all of it (a deployment
/// administrator), or the subtree below one unit, given by that unit's
/// materialised path (`/id/id/…/`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scope {
    All,
    Subtree(String),
}

impl Scope {
    /// Whether a unit with materialised `path` lies inside the scope.
    pub fn contains(&self, path: &str) -> bool {
        match self {
            Scope::All => true,
            Scope::Subtree(root) => path.starts_with(root.as_str()),
        }
    }

    /// The half-open range `[lo, hi)` of paths inside the scope, so a query
    /// can use an ordinary B-tree index on both databases instead of LIKE.
    /// Paths end in `/`; the next byte after `/` is `0`.
    pub fn path_range(&self) -> (String, String) {
        match self {
            Scope::All => (String::new(), "\u{10FFFF}".to_owned()),
            Scope::Subtree(root) => {
                let mut hi = root.clone();
                if hi.ends_with('/') {
                    hi.pop();
                    hi.push('0');
                } else {
                    hi.push('\u{10FFFF}');
                }
                (root.clone(), hi)
            }
        }
    }

    /// The path of the scope's top unit; empty for the whole deployment.
    pub fn root(&self) -> &str {
        match self {
            Scope::All => "",
            Scope::Subtree(root) => root,
        }
    }

    /// Whether this scope includes every unit of `other`.
    pub fn covers(&self, other: &Scope) -> bool {
        match (self, other) {
            (Scope::All, _) => true,
            (Scope::Subtree(_), Scope::All) => false,
            (Scope::Subtree(_), Scope::Subtree(p)) => self.contains(p),
        }
    }
}

/// The roots of every scope that holds a unit at `path`: the whole
/// deployment (""), then each unit from the top down to `path` itself.
pub fn scope_roots(path: &str) -> impl Iterator<Item = &str> {
    std::iter::once("").chain(
        path.char_indices()
            .filter(|&(i, c)| c == '/' && i > 0)
            .map(move |(i, _)| &path[..=i]),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deny_by_default() {
        use Permission::*;
        for p in [
            ViewUnits,
            ManageUnits,
            ViewUsers,
            ManageUsers,
            ViewAudit,
            ManageCalendar,
        ] {
            assert!(Role::Admin.allows(p));
        }
        assert!(Role::Leader.allows(ViewAudit));
        assert!(!Role::Leader.allows(ManageUnits));
        assert!(!Role::Leader.allows(ManageUsers));
        assert!(!Role::Leader.allows(ManageCalendar));
        for r in [
            Role::OneStopOfficer,
            Role::SpecialistOfficer,
            Role::GroupHead,
        ] {
            assert!(r.allows(ViewUnits));
            assert!(!r.allows(ViewUsers));
            assert!(!r.allows(ViewAudit));
            assert!(!r.allows(ManageUnits));
        }
    }

    #[test]
    fn subtree_scope_and_its_range_agree() {
        let ward = Scope::Subtree("/aa/bb/".into());
        assert!(ward.contains("/aa/bb/"));
        assert!(ward.contains("/aa/bb/cc/"));
        assert!(!ward.contains("/aa/bbc/"));
        assert!(!ward.contains("/aa/"));
        let (lo, hi) = ward.path_range();
        for p in [
            "/aa/bb/",
            "/aa/bb/cc/",
            "/aa/bbc/",
            "/aa/",
            "/aa/bb0/",
            "/aa/bc/",
        ] {
            let in_range = p >= lo.as_str() && p < hi.as_str();
            assert_eq!(in_range, ward.contains(p), "{p}");
        }
        assert_eq!(
            scope_roots("/aa/bb/cc/").collect::<Vec<_>>(),
            ["", "/aa/", "/aa/bb/", "/aa/bb/cc/"]
        );
        assert_eq!(ward.root(), "/aa/bb/");
        assert_eq!(Scope::All.root(), "");
        assert!(Scope::All.covers(&ward));
        assert!(!ward.covers(&Scope::All));
        assert!(ward.covers(&Scope::Subtree("/aa/bb/cc/".into())));
        assert!(!ward.covers(&Scope::Subtree("/aa/".into())));
    }
}
