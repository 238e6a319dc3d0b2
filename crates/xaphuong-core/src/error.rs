//! Validation errors that name the field (and the row, for imports) in
//! Vietnamese, so every layer can show them to an officer unchanged.

use serde::Serialize;

/// One problem with one field of one input (a form, an API body, a file row).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldError {
    /// Row number in an imported file (1 = the header row), if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// The field's key as the input names it (e.g. `code`, `ma`).
    pub field: String,
    /// What is wrong, in Vietnamese.
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            row: None,
            field: field.into(),
            message: message.into(),
        }
    }

    pub fn at_row(mut self, row: usize) -> Self {
        self.row = Some(row);
        self
    }
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(row) = self.row {
            write!(f, "dòng {row}, cột {}: {}", self.field, self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

/// A rejected input: every problem found, not just the first.
#[derive(Debug, Clone, PartialEq, Eq, Default, thiserror::Error)]
#[error("dữ liệu không hợp lệ: {}", summary(.0))]
pub struct Invalid(pub Vec<FieldError>);

/// The first problems in one line; a whole file's worth is in the list.
fn summary(errors: &[FieldError]) -> String {
    const SHOWN: usize = 10;
    let mut s = errors
        .iter()
        .take(SHOWN)
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("; ");
    if errors.len() > SHOWN {
        s.push_str(&format!(" … và {} lỗi khác", errors.len() - SHOWN));
    }
    s
}

impl Invalid {
    pub fn one(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self(vec![FieldError::new(field, message)])
    }

    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError::new(field, message));
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// `Ok(())` when nothing was found, the collected errors otherwise.
    pub fn into_result(self) -> Result<(), Invalid> {
        if self.0.is_empty() { Ok(()) } else { Err(self) }
    }

    /// The fields with a problem, in the order they were found.
    pub fn fields(&self) -> Vec<&str> {
        self.0.iter().map(|e| e.field.as_str()).collect()
    }

    /// The message for one field, for re-rendering a form.
    pub fn message_for(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    /// The message shown beside one field of a form: empty when it has none.
    pub fn message(&self, field: &str) -> &str {
        self.message_for(field).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_names_row_and_field() {
        let e = FieldError::new("ma", "trùng mã").at_row(7);
        assert_eq!(e.to_string(), "dòng 7, cột ma: trùng mã");
        let all = Invalid(vec![e, FieldError::new("ten", "bắt buộc")]);
        assert_eq!(
            all.to_string(),
            "dữ liệu không hợp lệ: dòng 7, cột ma: trùng mã; ten: bắt buộc"
        );
        assert_eq!(all.message_for("ten"), Some("bắt buộc"));
        assert!(Invalid::default().into_result().is_ok());
        let many = Invalid(
            (1..=12)
                .map(|r| FieldError::new("ma", "trùng mã").at_row(r))
                .collect(),
        );
        let text = many.to_string();
        assert!(
            text.ends_with("dòng 10, cột ma: trùng mã … và 2 lỗi khác"),
            "{text}"
        );
    }
}
