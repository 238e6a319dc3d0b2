//! A query's parameters gathered once and bound on either backend: a
//! statement is written and bound once and run on whichever pool or
//! transaction is open (`Store::all`/`one`/`opt`, [`Tx::run`]), and a
//! list's count, its page and its file share one set of binds.

use sqlx::{Arguments, Database, Encode, IntoArguments, Postgres, Sqlite, Type};
use uuid::Uuid;

use crate::Result;
use crate::db::Tx;

#[derive(Debug, Clone)]
pub(crate) enum Arg {
    Text(Option<String>),
    Int(Option<i64>),
    Uuid(Option<Uuid>),
    Bool(Option<bool>),
    Bytes(Vec<u8>),
}

/// Parameters `$1`, `$2`… in the order they are pushed.
#[derive(Debug, Clone, Default)]
pub(crate) struct Args(Vec<Arg>);

impl Args {
    pub fn new() -> Self {
        Self::default()
    }

    /// `$1`/`$2` as a scope's path range.
    pub fn scope(scope: &xaphuong_core::access::Scope) -> Self {
        let (lo, hi) = scope.path_range();
        Self::new().text(Some(lo)).text(Some(hi))
    }

    /// The next parameter, whichever of the kinds it is.
    pub fn bind(mut self, v: impl Into<Arg>) -> Self {
        self.0.push(v.into());
        self
    }

    /// How many parameters there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn text<S: Into<String>>(mut self, v: Option<S>) -> Self {
        self.0.push(Arg::Text(v.map(Into::into)));
        self
    }

    pub fn int(mut self, v: impl Into<Option<i64>>) -> Self {
        self.0.push(Arg::Int(v.into()));
        self
    }

    pub fn uuid(mut self, v: impl Into<Option<Uuid>>) -> Self {
        self.0.push(Arg::Uuid(v.into()));
        self
    }

    pub fn bool(mut self, v: impl Into<Option<bool>>) -> Self {
        self.0.push(Arg::Bool(v.into()));
        self
    }

    fn into_args<DB: Database>(self) -> DB::Arguments
    where
        Option<String>: for<'q> Encode<'q, DB> + Type<DB>,
        Option<i64>: for<'q> Encode<'q, DB> + Type<DB>,
        Option<Uuid>: for<'q> Encode<'q, DB> + Type<DB>,
        Option<bool>: for<'q> Encode<'q, DB> + Type<DB>,
        Vec<u8>: for<'q> Encode<'q, DB> + Type<DB>,
    {
        let mut out = DB::Arguments::default();
        for a in self.0 {
            let added = match a {
                Arg::Text(v) => out.add(v),
                Arg::Int(v) => out.add(v),
                Arg::Uuid(v) => out.add(v),
                Arg::Bool(v) => out.add(v),
                Arg::Bytes(v) => out.add(v),
            };
            // Encoding these plain values cannot fail on either backend.
            added.expect("a plain parameter encodes");
        }
        out
    }
}

impl Tx {
    /// Runs `sql` with `args` inside this transaction: how many rows it
    /// changed.
    pub(crate) async fn run(&mut self, sql: impl Into<String>, args: Args) -> Result<u64> {
        let sql = sql.into();
        Ok(exec!(self, |c| sqlx::query_with(
            sqlx::AssertSqlSafe(sql),
            args
        )
        .execute(c)
        .await)?)
    }
}

impl IntoArguments<Sqlite> for Args {
    fn into_arguments(self) -> <Sqlite as Database>::Arguments {
        self.into_args::<Sqlite>()
    }
}

impl IntoArguments<Postgres> for Args {
    fn into_arguments(self) -> <Postgres as Database>::Arguments {
        self.into_args::<Postgres>()
    }
}

macro_rules! arg_from {
    ($($t:ty => |$v:ident| $e:expr),+ $(,)?) => {$(
        impl From<$t> for Arg {
            fn from($v: $t) -> Self {
                $e
            }
        }
    )+};
}

arg_from! {
    Uuid => |v| Arg::Uuid(Some(v)),
    Option<Uuid> => |v| Arg::Uuid(v),
    i64 => |v| Arg::Int(Some(v)),
    Option<i64> => |v| Arg::Int(v),
    bool => |v| Arg::Bool(Some(v)),
    Option<bool> => |v| Arg::Bool(v),
    String => |v| Arg::Text(Some(v)),
    &String => |v| Arg::Text(Some(v.clone())),
    &str => |v| Arg::Text(Some(v.to_owned())),
    Option<String> => |v| Arg::Text(v),
    &Option<String> => |v| Arg::Text(v.clone()),
    Option<&str> => |v| Arg::Text(v.map(str::to_owned)),
    &[u8] => |v| Arg::Bytes(v.to_vec()),
}
