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
