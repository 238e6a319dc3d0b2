//! The JSON API under `/api/v1`, described by its OpenAPI document.

use axum::Json;
use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use crate::error::{ApiError, AppError};

/// A JSON body whose rejection is our JSON error, in Vietnamese.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(v)) => Ok(ApiJson(v)),
            Err(rejection) => Err(ApiError(AppError::BadRequest(format!(
                "Dữ liệu JSON không hợp lệ: {}",
                rejection.body_text()
            )))),
        }
    }
}

pub type ApiResult<T> = Result<Json<T>, ApiError>;

/// A page of a list, as every list of the API answers.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct Paged<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
}

impl<T> Paged<T> {
    /// The page `p` of the store, each record in its API view.
    pub fn of<R>(p: &xaphuong_store::Page<R>) -> Self
    where
        T: for<'a> From<&'a R>,
    {
        Paged {
            items: p.items.iter().map(T::from).collect(),
            total: p.total,
            page: p.page,
            per_page: p.per_page,
        }
    }

    /// The page `p` of the store, each record through `view` (a view that
    /// depends on who asks).
    pub fn map<R>(p: &xaphuong_store::Page<R>, view: impl Fn(&R) -> T) -> Self {
        Paged {
            items: p.items.iter().map(view).collect(),
            total: p.total,
            page: p.page,
            per_page: p.per_page,
        }
    }
}
