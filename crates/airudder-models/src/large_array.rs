//! [`LargeArray`]: an answer's `data` type whose one large array (`x-large-array` in the spec)
//! can be read row by row, and put back together from its other fields and its rows. The client
//! reads such an answer this way even when the caller wants it whole: the body is never held
//! whole beside the decoded rows, so a buffered call's memory is the decoded answer's alone.

/// A `data` type with one large array of rows; generated for every type the spec marks.
pub trait LargeArray: serde::de::DeserializeOwned {
    /// The array's member name in `data` (`"detail"`).
    const ARRAY: &'static str;
    /// Every other field of the type ([`WorkflowTaskDetailHeader`](crate::WorkflowTaskDetailHeader)
    /// for [`WorkflowTaskDetail`](crate::WorkflowTaskDetail)).
    type Header: serde::de::DeserializeOwned + Send + 'static;
    /// One row of the array.
    type Row: serde::de::DeserializeOwned + Send + 'static;

    /// The whole value: the other fields and every row, in order. The header's `extra` (members
    /// the spec does not know) becomes the value's.
    fn assemble(header: Self::Header, rows: Vec<Self::Row>) -> Self;
}
