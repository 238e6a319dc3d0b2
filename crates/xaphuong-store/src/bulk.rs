//! Many rows in few statements, for imports and generated provinces: on
//! SQLite a multi-row `VALUES` list (one prepared statement per batch
//! size), on PostgreSQL one `INSERT … SELECT FROM UNNEST` of a typed array
//! per column. Rows are kept column by column until flushed, so a batch
//! costs its rows' size and no more.

use uuid::Uuid;

use crate::Result;
use crate::db::Tx;

/// The SQL type of a column, for PostgreSQL's array casts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ty {
    Uuid,
    Text,
    Int,
    Bool,
    Bytes,
}

impl Ty {
    fn pg_array(self) -> &'static str {
        match self {
            Ty::Uuid => "uuid[]",
            Ty::Text => "text[]",
            Ty::Int => "int8[]",
            Ty::Bool => "bool[]",
            Ty::Bytes => "bytea[]",
        }
    }
}

#[derive(Debug)]
enum Col {
    Uuid(Vec<Option<Uuid>>),
    Text(Vec<Option<String>>),
    Int(Vec<Option<i64>>),
    Bool(Vec<Option<bool>>),
    Bytes(Vec<Option<Vec<u8>>>),
}

impl Col {
    fn new(ty: Ty) -> Self {
        match ty {
            Ty::Uuid => Col::Uuid(Vec::new()),
            Ty::Text => Col::Text(Vec::new()),
            Ty::Int => Col::Int(Vec::new()),
            Ty::Bool => Col::Bool(Vec::new()),
            Ty::Bytes => Col::Bytes(Vec::new()),
        }
    }

    fn clear(&mut self) {
        match self {
            Col::Uuid(v) => v.clear(),
            Col::Text(v) => v.clear(),
            Col::Int(v) => v.clear(),
            Col::Bool(v) => v.clear(),
            Col::Bytes(v) => v.clear(),
        }
    }
}

/// SQLite's limit on the parameters of one statement (3.32 and later).
const SQLITE_MAX_PARAMS: usize = 32_766;
/// Rows per SQLite statement: enough to amortise each round trip to the
/// database thread, small enough to keep statements short.
const SQLITE_MAX_ROWS: usize = 500;

/// Rows for one table, pushed cell by cell in the order of its columns.
#[derive(Debug)]
pub(crate) struct Batch {
    table: &'static str,
    columns: &'static [(&'static str, Ty)],
    /// What follows the rows: `ON CONFLICT …`, or nothing.
    tail: &'static str,
    cols: Vec<Col>,
    cursor: usize,
    rows: usize,
}

impl Batch {
    pub fn new(table: &'static str, columns: &'static [(&'static str, Ty)]) -> Self {
        Self::with_tail(table, columns, "")
    }

    /// A batch whose statements end in `tail`, e.g. an `ON CONFLICT` clause.
    /// The rows of one flush must not conflict with each other.
    pub fn with_tail(
        table: &'static str,
        columns: &'static [(&'static str, Ty)],
        tail: &'static str,
    ) -> Self {
        Batch {
            table,
            columns,
            tail,
            cols: columns.iter().map(|(_, t)| Col::new(*t)).collect(),
            cursor: 0,
            rows: 0,
        }
    }

    /// Complete rows waiting to be written.
    pub fn len(&self) -> usize {
        self.rows
    }

    fn next_col(&mut self) -> &mut Col {
        let i = self.cursor;
        self.cursor += 1;
        if self.cursor == self.columns.len() {
            self.cursor = 0;
            self.rows += 1;
        }
        &mut self.cols[i]
    }

    fn mismatch(&self, got: &str) -> ! {
        let i = if self.cursor == 0 {
            self.columns.len() - 1
        } else {
            self.cursor - 1
        };
        panic!(
            "{}.{}: a {got} pushed into a {:?} column",
            self.table, self.columns[i].0, self.columns[i].1
        )
    }

    pub fn uuid(&mut self, v: impl Into<Option<Uuid>>) -> &mut Self {
        match self.next_col() {
            Col::Uuid(c) => c.push(v.into()),
            _ => self.mismatch("uuid"),
        }
        self
    }

    pub fn text(&mut self, v: impl Into<String>) -> &mut Self {
        self.opt_text(Some(v.into()))
    }

    pub fn opt_text(&mut self, v: Option<String>) -> &mut Self {
        match self.next_col() {
            Col::Text(c) => c.push(v),
            _ => self.mismatch("text"),
        }
        self
    }

    pub fn int(&mut self, v: impl Into<Option<i64>>) -> &mut Self {
        match self.next_col() {
            Col::Int(c) => c.push(v.into()),
            _ => self.mismatch("integer"),
        }
        self
    }

    pub fn bool(&mut self, v: bool) -> &mut Self {
        match self.next_col() {
            Col::Bool(c) => c.push(Some(v)),
            _ => self.mismatch("boolean"),
        }
        self
    }

    pub fn opt_bool(&mut self, v: Option<bool>) -> &mut Self {
        match self.next_col() {
            Col::Bool(c) => c.push(v),
            _ => self.mismatch("boolean"),
        }
        self
    }

    pub fn bytes(&mut self, v: Option<Vec<u8>>) -> &mut Self {
        match self.next_col() {
            Col::Bytes(c) => c.push(v),
            _ => self.mismatch("bytes"),
        }
        self
    }

    fn names(&self) -> String {
        self.columns
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Writes the complete rows inside `tx` and empties the batch.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn flush(&mut self, tx: &mut Tx) -> Result<()> {
        assert_eq!(self.cursor, 0, "{}: a row is incomplete", self.table);
        if self.rows == 0 {
            return Ok(());
        }
        match tx {
            Tx::Sqlite(t) => self.flush_sqlite(t).await?,
            Tx::Postgres(t) => self.flush_postgres(t).await?,
        }
        for c in &mut self.cols {
            c.clear();
        }
        self.rows = 0;
        Ok(())
    }

    async fn flush_sqlite(&self, c: &mut sqlx::SqliteConnection) -> Result<()> {
        let width = self.columns.len();
        let per = (SQLITE_MAX_PARAMS / width).clamp(1, SQLITE_MAX_ROWS);
        let one = format!("({})", vec!["?"; width].join(", "));
        let mut start = 0;
        while start < self.rows {
            let n = per.min(self.rows - start);
            let sql = format!(
                "INSERT INTO {} ({}) VALUES {} {}",
                self.table,
                self.names(),
                vec![one.as_str(); n].join(", "),
                self.tail
            );
            let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
            for r in start..start + n {
                for col in &self.cols {
                    q = match col {
                        Col::Uuid(v) => q.bind(v[r]),
                        Col::Text(v) => q.bind(v[r].as_deref()),
                        Col::Int(v) => q.bind(v[r]),
                        Col::Bool(v) => q.bind(v[r]),
                        Col::Bytes(v) => q.bind(v[r].as_deref()),
                    };
                }
            }
            q.execute(&mut *c).await?;
            start += n;
        }
        Ok(())
    }

    async fn flush_postgres(&self, c: &mut sqlx::PgConnection) -> Result<()> {
        let arrays = self
            .columns
            .iter()
            .enumerate()
            .map(|(i, (_, t))| format!("${}::{}", i + 1, t.pg_array()))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!(
            "INSERT INTO {} ({}) SELECT * FROM UNNEST({arrays}) {}",
            self.table,
            self.names(),
            self.tail
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for col in &self.cols {
            q = match col {
                Col::Uuid(v) => q.bind(v),
                Col::Text(v) => q.bind(v),
                Col::Int(v) => q.bind(v),
                Col::Bool(v) => q.bind(v),
                Col::Bytes(v) => q.bind(v),
            };
        }
        q.execute(c).await?;
        Ok(())
    }
}
