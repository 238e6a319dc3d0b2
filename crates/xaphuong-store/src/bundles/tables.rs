//! What a commune bundle holds: every table of the schema that keeps a
//! commune's records, its columns, and which rows belong to the commune.
//! A test reads the migrations and fails when a table or a column is
//! added without being named here (or among the tables left out on
//! purpose).

use crate::bulk::Ty;

/// How the rows of a table enter a deployment that may already hold them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// The commune's own records: inserted with their ids; one already
    /// there must be the same row, or the bundle is refused.
    Record,
    /// A catalogue of the deployment (procedures, indicators), named by
    /// `code`: a row whose code the deployment has is taken as the
    /// deployment's and every reference to it follows; a missing one is
    /// added.
    Catalogue,
    /// A catalogue keyed by its code alone (poverty standards): added where
    /// missing, the deployment's kept where present.
    Keyed,
}

pub(crate) struct Table {
    pub name: &'static str,
    /// What a message calls its rows.
    pub label: &'static str,
    pub kind: Kind,
    pub columns: &'static [(&'static str, Ty)],
    /// The primary key's columns.
    pub key: &'static [&'static str],
    /// Which rows belong to the commune whose path range is `$1`–`$2`.
    pub rows: &'static str,
}

impl Table {
    /// The column whose bytes travel as files of their own, if any.
    pub fn file_column(&self) -> Option<usize> {
        self.columns.iter().position(|(_, t)| *t == Ty::Bytes)
    }

    pub fn column(&self, name: &str) -> Option<usize> {
        self.columns.iter().position(|(n, _)| *n == name)
    }
}

use Ty::{Bool as B, Bytes as F, Int as I, Text as T, Uuid as U};

macro_rules! table {
    ($name:literal, $label:literal, $kind:ident, [$($col:literal : $ty:ident),+ $(,)?], key [$($key:literal),+], $rows:expr) => {
        Table {
            name: $name,
            label: $label,
            kind: Kind::$kind,
            columns: &[$(($col, $ty)),+],
            key: &[$($key),+],
            rows: $rows,
        }
    };
}

/// In the order they are loaded: every table after the ones it refers to.
pub(crate) static TABLES: &[Table] = &[
    table!("units", "Đơn vị hành chính", Record,
        ["id": U, "parent_id": U, "level": T, "kind": T, "code": T, "name": T, "search_key": T,
         "path": T, "created_at": I, "updated_at": I, "valid_from": T, "valid_to": T,
         "former_parent_id": U],
        key ["id"], "path >= $1 AND path < $2 ORDER BY length(path), path"),
    table!("users", "Tài khoản", Record,
        ["id": U, "unit_id": U, "username": T, "full_name": T, "search_key": T, "role": T,
         "fields": T, "password_hash": T, "active": B, "created_at": I, "updated_at": I],
        key ["id"], concat!("unit_id IN (", "SELECT id FROM units WHERE path >= $1 AND path < $2", ") ORDER BY id")),
    table!("calendar_days", "Ngày nghỉ, ngày làm bù", Record,
        ["id": U, "unit_id": U, "day": T, "year": I, "kind": T, "name": T, "document": T,
         "confirmed": B, "created_at": I, "updated_at": I],
        key ["id"], concat!("unit_id IN (", "SELECT id FROM units WHERE path >= $1 AND path < $2", ") ORDER BY id")),
    table!("calendar_settings", "Cài đặt lịch làm việc", Record,
        ["scope_key": T, "id": U, "unit_id": U, "rest_days": T, "office_hours": T,
         "makeup_counts": B, "same_day_cutoff": T, "updated_at": I],
        key ["scope_key"], concat!("unit_id IN (", "SELECT id FROM units WHERE path >= $1 AND path < $2", ") ORDER BY scope_key")),
    table!("procedures", "Thủ tục hành chính", Catalogue,
        ["id": U, "code": T, "name": T, "field": T, "search_key": T, "time": T, "fee": T,
         "papers": T, "result": T, "online": T, "basis": T, "steps": T, "created_at": I,
         "updated_at": I],
        key ["id"], "id IN (SELECT procedure_id FROM dossiers WHERE unit_path >= $1 AND unit_path < $2) ORDER BY code"),
    table!("indicators", "Chỉ tiêu", Catalogue,
        ["id": U, "code": T, "name": T, "field": T, "unit": T, "direction": T, "decimals": I,
         "measure": T, "position": I, "created_at": I, "updated_at": I],
        key ["id"], "id IN (SELECT t.indicator_id FROM targets t JOIN resolutions r ON r.id = t.resolution_id
                            WHERE r.unit_path >= $1 AND r.unit_path < $2
                            UNION SELECT indicator_id FROM indicator_values WHERE unit_path >= $1 AND unit_path < $2)
              ORDER BY code"),
    table!("poverty_standards", "Chuẩn nghèo", Keyed,
        ["code": T, "body": T, "created_at": I],
        key ["code"], "code IN (SELECT standard FROM poverty_reviews WHERE unit_path >= $1 AND unit_path < $2) ORDER BY code"),
    table!("violations", "Vụ vi phạm trật tự xây dựng", Record,
        ["id": U, "commune_id": U, "group_id": U, "unit_path": T, "kind": T, "offender": T,
         "address": T, "description": T, "search_key": T, "detected_on": T, "state": T,
         "deadline": T, "resolved_on": T, "created_at": I, "updated_at": I],
        key ["id"], "unit_path >= $1 AND unit_path < $2 ORDER BY id"),
    table!("violation_events", "Bước xử lý vi phạm", Record,
        ["id": U, "violation_id": U, "step": T, "on_date": T, "deadline": T, "document": T,
         "note": T, "actor_name": T, "created_at": I],
        key ["id"], "violation_id IN (SELECT id FROM violations WHERE unit_path >= $1 AND unit_path < $2) ORDER BY id"),
    table!("violation_attachments", "Ảnh, tệp đính kèm vụ vi phạm", Record,
        ["id": U, "violation_id": U, "file_name": T, "content_type": T, "size": I, "data": F,
         "actor_name": T, "created_at": I],
        key ["id"], "violation_id IN (SELECT id FROM violations WHERE unit_path >= $1 AND unit_path < $2) ORDER BY id"),
    table!("handovers", "Bàn giao mặt bằng", Record,
        ["id": U, "commune_id": U, "group_id": U, "unit_path": T, "project": T, "household": T,
         "address": T, "search_key": T, "handed_over_on": T, "area": I, "document": T,
         "note": T, "created_at": I, "updated_at": I],
        key ["id"], "unit_path >= $1 AND unit_path < $2 ORDER BY id"),
    table!("works", "Công trình, tuyến đường dân sinh", Record,
        ["id": U, "commune_id": U, "unit_path": T, "name": T, "search_key": T, "kind": T,
         "length": I, "width": I, "budget_province": I, "budget_commune": I, "people_money": I,
         "people_labour_days": I, "people_land": I, "started_on": T, "due_on": T,
         "completed_on": T, "accepted_on": T, "documents": T, "note": T, "created_at": I,
         "updated_at": I],
        key ["id"], "unit_path >= $1 AND unit_path < $2 ORDER BY id"),
    table!("work_groups", "Tổ dân phố của công trình", Record,
        ["work_id": U, "group_id": U],
        key ["work_id", "group_id"], "work_id IN (SELECT id FROM works WHERE unit_path >= $1 AND unit_path < $2) ORDER BY work_id, group_id"),
    table!("recruitment_quotas", "Chỉ tiêu tuyển quân", Record,
        ["id": U, "commune_id": U, "unit_path": T, "year": I, "service": T, "quota": I,
         "updated_at": I],
        key ["id"], "unit_path >= $1 AND unit_path < $2 ORDER BY id"),
    table!("recruits", "Công dân trong đợt tuyển quân", Record,
        ["id": U, "commune_id": U, "group_id": U, "unit_path": T, "year": I, "service": T,
         "full_name": T, "search_key": T, "birth_year": I, "address": T, "stage": T,
         "reason": T, "created_at": I, "updated_at": I],
        key ["id"], "unit_path >= $1 AND unit_path < $2 ORDER BY id"),
    table!("budget_entries", "Dự toán, số thu ngân sách", Record,
        ["id": U, "commune_id": U, "unit_path": T, "year": I, "entry": T, "line": T,
         "on_date": T, "nsnn": I, "nsx": I, "document": T, "note": T, "search_key": T,
         "created_at": I, "updated_at": I],
        key ["id"], "unit_path >= $1 AND unit_path < $2 ORDER BY id"),
    table!("spending_entries", "Dự toán, số chi ngân sách", Record,
        ["id": U, "commune_id": U, "unit_path": T, "year": I, "entry": T, "item": T,
         "on_date": T, "amount": I, "work_id": U, "document": T, "note": T, "search_key": T,
         "created_at": I, "updated_at": I],
        key ["id"], "unit_path >= $1 AND unit_path < $2 ORDER BY id"),
    table!("activities", "Hoạt động văn hóa, thể thao", Record,
        ["id": U, "commune_id": U, "group_id": U, "unit_path": T, "held_on": T, "kind": T,
         "name": T, "search_key": T, "participants": I, "place": T, "note": T,
         "created_at": I, "updated_at": I],
        key ["id"], "unit_path >= $1 AND unit_path < $2 ORDER BY id"),
    table!("group_titles", "Danh hiệu thôn, tổ dân phố văn hóa", Record,
        ["id": U, "commune_id": U, "group_id": U, "unit_path": T, "year": I, "recognised": B,
         "decision": T, "updated_at": I],
        key ["id"], "unit_path >= $1 AND unit_path < $2 ORDER BY id"),
    table!("cooperatives", "Hợp tác xã", Record,
        ["id": U, "commune_id": U, "group_id": U, "unit_path": T, "registration_no": T, "name": T,
         "search_key": T, "founded_on": T, "line_of_business": T, "members": I, "capital": I,
         "director": T, "address": T, "status": T, "status_on": T, "note": T, "created_at": I,
         "updated_at": I],
        key ["id"], "unit_path >= $1 AND unit_path < $2 ORDER BY id"),
    table!("cooperative_grades", "Xếp loại hợp tác xã", Record,
        ["id": U, "cooperative_id": U, "year": I, "grade": T, "score": I, "note": T, "updated_at": I],
        key ["id"], "cooperative_id IN (SELECT id FROM cooperatives WHERE unit_path >= $1 AND unit_path < $2) ORDER BY id"),
    table!("cooperative_supports", "Hỗ trợ hợp tác xã", Record,
        ["id": U, "cooperative_id": U, "year": I, "policy": T, "content": T, "amount": I,
         "decision": T, "created_at": I],
        key ["id"], "cooperative_id IN (SELECT id FROM cooperatives WHERE unit_path >= $1 AND unit_path < $2) ORDER BY id"),
    table!("inspections", "Đợt kiểm tra trật tự đô thị", Record,
        ["id": U, "commune_id": U, "unit_path": T, "inspected_on": T, "place": T, "team": T,
         "note": T, "search_key": T, "created_at": I, "updated_at": I],
        key ["id"], "unit_path >= $1 AND unit_path < $2 ORDER BY id"),
    table!("inspection_cases", "Trường hợp vi phạm qua kiểm tra", Record,
        ["id": U, "inspection_id": U, "unit_path": T, "inspected_on": T, "kind": T,
         "offender": T, "address": T, "outcome": T, "note": T, "search_key": T,
         "created_at": I],
        key ["id"], "inspection_id IN (SELECT id FROM inspections WHERE unit_path >= $1 AND unit_path < $2) ORDER BY id"),
    table!("resolutions", "Nghị quyết", Record,
        ["id": U, "unit_id": U, "unit_path": T, "year": I, "number": T, "adopted_on": T,
         "title": T, "created_at": I, "updated_at": I],
        key ["id"], "unit_path >= $1 AND unit_path < $2 ORDER BY id"),
    table!("targets", "Chỉ tiêu Nghị quyết giao", Record,
        ["id": U, "resolution_id": U, "indicator_id": U, "value": I, "scale": I,
         "updated_at": I],
        key ["id"], "resolution_id IN (SELECT id FROM resolutions WHERE unit_path >= $1 AND unit_path < $2) ORDER BY id"),
    table!("indicator_values", "Số liệu chỉ tiêu nhập tay", Record,
        ["id": U, "indicator_id": U, "unit_id": U, "unit_path": T, "year": I, "value": I,
         "scale": I, "evidence": T, "actor_name": T, "recorded_at": I],
        key ["id"], "unit_path >= $1 AND unit_path < $2 ORDER BY id"),
    table!("dossiers", "Hồ sơ thủ tục hành chính", Record,
        ["id": U, "code": T, "commune_id": U, "unit_path": T, "procedure_id": U, "channel": T,
         "status": T, "step": T, "applicant": T, "address": T, "phone": T, "email": T,
         "search_key": T, "submitted_at": T, "received_at": T, "due_at": T, "supplements": I,
         "supplement_requested_at": T, "apologised": B, "transferred_to": T, "finished_at": T,
         "assignee_id": U, "created_at": I, "updated_at": I, "return_channel": T,
         "lookup_key": T],
        key ["id"], "unit_path >= $1 AND unit_path < $2 ORDER BY id"),
    table!("dossier_events", "Bước xử lý hồ sơ", Record,
        ["id": U, "dossier_id": U, "at": T, "action": T, "from_status": T, "to_status": T,
         "step": T, "due_at": T, "actor_name": T, "note": T],
        key ["id"], "dossier_id IN (SELECT id FROM dossiers WHERE unit_path >= $1 AND unit_path < $2) ORDER BY id"),
    table!("dossier_sequences", "Số thứ tự hồ sơ trong ngày", Record,
        ["commune_id": U, "day": T, "last": I],
        key ["commune_id", "day"], concat!("commune_id IN (", "SELECT id FROM units WHERE path >= $1 AND path < $2", ") ORDER BY commune_id, day")),
    table!("dossier_ratings", "Đánh giá của người dân", Record,
        ["dossier_id": U, "scale": T, "answers": T, "comment": T, "rated_at": I],
        key ["dossier_id"], "dossier_id IN (SELECT id FROM dossiers WHERE unit_path >= $1 AND unit_path < $2) ORDER BY dossier_id"),
    table!("dossier_files", "Tệp của hồ sơ", Record,
        ["id": U, "dossier_id": U, "file_name": T, "content_type": T, "size": I, "data": F,
         "actor_name": T, "created_at": I],
        key ["id"], "dossier_id IN (SELECT id FROM dossiers WHERE unit_path >= $1 AND unit_path < $2) ORDER BY id"),
    table!("onestop_settings", "Mã số hồ sơ của xã, phường", Record,
        ["unit_id": U, "identifier": T, "long_year": B, "width": I, "separator": T,
         "updated_at": I],
        key ["unit_id"], concat!("unit_id IN (", "SELECT id FROM units WHERE path >= $1 AND path < $2", ") ORDER BY unit_id")),
    table!("households", "Hộ gia đình", Record,
        ["id": U, "code": T, "commune_id": U, "group_id": U, "unit_path": T, "head_name": T,
         "address": T, "area": T, "search_key": T, "registered_on": T, "moved_out_on": T,
         "created_at": I, "updated_at": I],
        key ["id"], "unit_path >= $1 AND unit_path < $2 ORDER BY id"),
    table!("household_members", "Thành viên hộ", Record,
        ["id": U, "household_id": U, "full_name": T, "relation": T, "birth_year": I, "sex": T,
         "citizen_id": T, "created_at": I, "updated_at": I],
        key ["id"], "household_id IN (SELECT id FROM households WHERE unit_path >= $1 AND unit_path < $2) ORDER BY id"),
    table!("household_moves", "Chuyển đến, chuyển đi của hộ", Record,
        ["id": U, "household_id": U, "moved_on": T, "from_path": T, "to_path": T,
         "from_name": T, "to_name": T, "note": T, "actor_name": T, "created_at": I],
        key ["id"], "household_id IN (SELECT id FROM households WHERE unit_path >= $1 AND unit_path < $2) ORDER BY id"),
    table!("poverty_reviews", "Rà soát hộ nghèo", Record,
        ["id": U, "household_id": U, "unit_path": T, "year": I, "standard": T, "area": T,
         "income": I, "deprivations": T, "class": T, "created_at": I, "updated_at": I],
        key ["id"], "household_id IN (SELECT id FROM households WHERE unit_path >= $1 AND unit_path < $2) ORDER BY id"),
    table!("culture_reviews", "Bình xét Gia đình văn hóa", Record,
        ["id": U, "household_id": U, "unit_path": T, "year": I, "law": B, "emulation": B,
         "family": B, "exclusions": T, "meeting_date": T, "posting_from": T, "posting_to": T,
         "decision_date": T, "recognised": B, "reasons": T, "created_at": I, "updated_at": I],
        key ["id"], "household_id IN (SELECT id FROM households WHERE unit_path >= $1 AND unit_path < $2) ORDER BY id"),
    table!("review_steps", "Bước rà soát, bình xét", Record,
        ["id": U, "commune_id": U, "year": I, "kind": T, "step": T, "on_date": T,
         "document": T, "created_at": I],
        key ["id"], concat!("commune_id IN (", "SELECT id FROM units WHERE path >= $1 AND path < $2", ") ORDER BY id")),
    table!("businesses", "Hộ kinh doanh", Record,
        ["id": U, "commune_id": U, "group_id": U, "unit_path": T, "name": T, "owner": T,
         "address": T, "line": T, "registration_no": T, "registered_on": T, "capital": I,
         "status": T, "status_on": T, "note": T, "dossier_id": U, "search_key": T,
         "created_at": I, "updated_at": I],
        key ["id"], "unit_path >= $1 AND unit_path < $2 ORDER BY id"),
    table!("tax_meetings", "Cuộc họp Hội đồng tư vấn thuế", Record,
        ["id": U, "commune_id": U, "unit_path": T, "held_on": T, "subject": T, "decision": T,
         "households": I, "note": T, "created_at": I],
        key ["id"], "unit_path >= $1 AND unit_path < $2 ORDER BY id"),
    table!("tax_debts", "Khoản nợ thuế", Record,
        ["id": U, "commune_id": U, "group_id": U, "unit_path": T, "listed_on": T, "list_ref": T,
         "debtor": T, "tax_code": T, "address": T, "item": T, "amount": I, "note": T, "paid": I,
         "referred": B, "search_key": T, "created_at": I, "updated_at": I],
        key ["id"], "unit_path >= $1 AND unit_path < $2 ORDER BY id"),
    table!("tax_debt_actions", "Đôn đốc nợ thuế", Record,
        ["id": U, "debt_id": U, "done_on": T, "kind": T, "amount": I, "note": T,
         "created_at": I],
        key ["id"], "debt_id IN (SELECT id FROM tax_debts WHERE unit_path >= $1 AND unit_path < $2) ORDER BY id"),
    table!("receptions", "Sổ tiếp công dân", Record,
        ["id": U, "commune_id": U, "group_id": U, "unit_path": T, "received_on": T, "kind": T,
         "matter": T, "competent": B, "forwarded_to": T, "accepted_on": T, "complexity": T,
         "remote": B, "round": I, "extensions": I, "due_on": T, "decision": T, "decided_on": T,
         "note": T, "handler_id": U, "search_key": T, "created_at": I, "updated_at": I],
        key ["id"], "unit_path >= $1 AND unit_path < $2 ORDER BY id"),
    table!("reception_citizens", "Người đến, gửi đơn", Record,
        ["reception_id": U, "citizen": T, "citizen_address": T],
        key ["reception_id"], "reception_id IN (SELECT id FROM receptions WHERE unit_path >= $1 AND unit_path < $2) ORDER BY reception_id"),
    table!("problem_routes", "Phân công xử lý phản ánh", Record,
        ["commune_id": U, "category": T, "field": T, "officer_id": U, "working_days": I, "basis": T,
         "updated_at": I],
        key ["commune_id", "category"], "commune_id IN (SELECT id FROM units WHERE path >= $1 AND path < $2) ORDER BY commune_id, category"),
    table!("problems", "Phản ánh hiện trường", Record,
        ["id": U, "code": T, "lookup_key": T, "commune_id": U, "group_id": U, "unit_path": T,
         "category": T, "description": T, "address": T, "lat": T, "lng": T, "status": T,
         "rejection": T, "forwarded_to": T, "duplicate_of": T, "field": T, "officer_id": U,
         "received_at": T, "due_at": T, "finished_at": T, "public_note": T, "published": B,
         "violation_id": U, "channel": T, "client_id": U, "search_key": T, "created_at": I,
         "updated_at": I],
        key ["id"], "unit_path >= $1 AND unit_path < $2 ORDER BY id"),
    table!("problem_contacts", "Liên hệ của người phản ánh", Record,
        ["problem_id": U, "name": T, "phone": T, "email": T, "notify": B],
        key ["problem_id"], "problem_id IN (SELECT id FROM problems WHERE unit_path >= $1 AND unit_path < $2) ORDER BY problem_id"),
    table!("problem_photos", "Ảnh phản ánh", Record,
        ["id": U, "problem_id": U, "seq": I, "content_type": T, "size": I, "data": F, "created_at": I],
        key ["id"], "problem_id IN (SELECT id FROM problems WHERE unit_path >= $1 AND unit_path < $2) ORDER BY id"),
    table!("problem_events", "Bước xử lý phản ánh", Record,
        ["id": U, "problem_id": U, "action": T, "status": T, "note": T, "actor_name": T, "created_at": I],
        key ["id"], "problem_id IN (SELECT id FROM problems WHERE unit_path >= $1 AND unit_path < $2) ORDER BY id"),
    table!("reorganisations", "Sắp xếp đơn vị hành chính", Record,
        ["id": U, "kind": T, "basis": T, "basis_date": T, "effective_on": T, "note": T,
         "unit_id": U, "unit_path": T, "plan": T, "created_by": T, "created_at": I],
        key ["id"], "unit_path >= $1 AND unit_path < $2 ORDER BY id"),
    table!("unit_successions", "Đơn vị kế thừa", Record,
        ["predecessor_id": U, "successor_id": U, "reorganisation_id": U],
        key ["predecessor_id", "successor_id"],
        concat!("successor_id IN (", "SELECT id FROM units WHERE path >= $1 AND path < $2",
                ") AND predecessor_id IN (", "SELECT id FROM units WHERE path >= $1 AND path < $2",
                ") ORDER BY predecessor_id, successor_id")),
    table!("audit_log", "Mục nhật ký thay đổi", Record,
        ["id": U, "at": I, "actor_id": U, "actor_name": T, "unit_id": U, "unit_path": T,
         "entity": T, "entity_id": U, "action": T, "before_json": T, "after_json": T],
        key ["id"], "unit_path >= $1 AND unit_path < $2 ORDER BY id"),
];

/// Tables kept out of a bundle, and why.
#[cfg(test)]
const LEFT_OUT: &[(&str, &str)] = &[
    (
        "sessions",
        "sign-ins belong to the deployment that issued them",
    ),
    (
        "login_throttle",
        "counts of failed sign-ins, per deployment",
    ),
    ("calendar_years", "the deployment's adopted years"),
    (
        "dossier_day_counts",
        "recounted from the dossiers after an import",
    ),
    (
        "dossier_year_counts",
        "recounted from the dossiers after an import",
    ),
    ("maintenance_tasks", "the deployment's own"),
    (
        "webhooks",
        "endpoints and secrets of the deployment that registered them",
    ),
    ("outbox_events", "what this deployment told its webhooks"),
    ("deliveries", "what this deployment told its webhooks"),
    (
        "api_clients",
        "keys this deployment issued to Open311 client apps",
    ),
];

/// Columns computed by the database, never written.
#[cfg(test)]
const GENERATED: &[(&str, &str)] = &[("dossiers", "queue_rank"), ("dossiers", "late_watch")];

#[cfg(test)]
mod tests {
    use super::*;

    /// Every table and column of the migrations is carried or left out on
    /// purpose: a new column cannot silently stay behind in a move.
    #[test]
    fn a_bundle_carries_every_column_of_the_schema() {
        let mut schema: Vec<(String, Vec<String>)> = Vec::new();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/migrations/sqlite");
        let mut files: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|f| f.unwrap().path())
            .collect();
        files.sort();
        for file in files {
            let sql = std::fs::read_to_string(file).unwrap();
            let mut current: Option<usize> = None;
            for line in sql.lines() {
                let t = line.trim();
                if let Some(rest) = t.strip_prefix("CREATE TABLE ") {
                    let name = rest.split_whitespace().next().unwrap().to_owned();
                    schema.push((name, Vec::new()));
                    current = Some(schema.len() - 1);
                } else if t.starts_with(')') {
                    current = None;
                } else if let Some(rest) = t.strip_prefix("ALTER TABLE ") {
                    let mut w = rest.split_whitespace();
                    let table = w.next().unwrap();
                    if w.next() == Some("ADD") && w.next() == Some("COLUMN") {
                        let col = w.next().unwrap().to_owned();
                        if !GENERATED.contains(&(table, col.as_str())) {
                            let i = schema.iter().position(|(n, _)| n == table).unwrap();
                            schema[i].1.push(col);
                        }
                    }
                } else if let Some(i) = current {
                    let word = t.split_whitespace().next().unwrap_or("");
                    if !word.is_empty()
                        && !word.starts_with("--")
                        && word != "PRIMARY"
                        && word != "UNIQUE"
                        && word != "FOREIGN"
                    {
                        schema[i].1.push(word.to_owned());
                    }
                }
            }
        }
        for (name, columns) in schema {
            if LEFT_OUT.iter().any(|(n, _)| *n == name) {
                continue;
            }
            let table = TABLES
                .iter()
                .find(|t| t.name == name)
                .unwrap_or_else(|| panic!("table {name} is neither carried nor left out"));
            let carried: Vec<&str> = table.columns.iter().map(|(c, _)| *c).collect();
            assert_eq!(carried, columns, "columns of {name}");
        }
    }
}
