//! Every row of an answer that comes a page at a time (`x-paged` in the spec: the predictive
//! dialer's task details, asked for with a limit and an offset, the payload counting every row):
//! each page is streamed like any large answer, and the next one asked for once its rows are read.
//!
//! It stops on an empty page or once the offset reaches the total the last page announced, and
//! never loops on a server that hands the same page out again: a page whose first row is the
//! previous page's first row is an error naming the offset, not another page.

use airudder_models::Endpoint;

use crate::client::Client;
use crate::error::Error;
use crate::rows::{DecodeHeader, DecodeRow, RowStream};

/// How an operation's answer pages: what the generated `*_pages` method hands over.
#[doc(hidden)]
#[allow(missing_debug_implementations)]
pub struct PageRule<E, H, R> {
    /// The array of rows (`list`).
    pub array: &'static str,
    /// The offset the request asks for (`0` when it says none).
    pub offset_of: fn(&E) -> i64,
    /// Sets the offset of the next page's request.
    pub set_offset: fn(&mut E, i64),
    /// The total number of rows a page's other members announce, if they do.
    pub total_of: fn(&H) -> Option<i64>,
    pub decode_header: DecodeHeader<H>,
    pub decode_row: DecodeRow<R>,
}

/// The rows of every page of a paged answer, one by one; [`PagedRows::next_row`] asks for the
/// next page when a page's rows are read. Memory stays one row plus one network chunk, and the
/// row before each page's first.
pub struct PagedRows<E, H, R> {
    client: Client,
    request: E,
    rule: PageRule<E, H, R>,
    /// The page being read, once asked for.
    page: Option<RowStream<H, R>>,
    /// The offset of the page being read.
    offset: i64,
    /// Rows read from the page being read.
    read_in_page: i64,
    /// The first row of the page before, to tell a repeated page from a new one.
    previous_first: Option<R>,
    first: Option<R>,
    pages: usize,
    done: bool,
}

impl<E, H, R> PagedRows<E, H, R>
where
    E: Endpoint + Send + Sync,
    H: Unpin + Send,
    R: Send + Clone + PartialEq,
{
    pub(crate) fn new(client: Client, request: E, rule: PageRule<E, H, R>) -> Self {
        let offset = (rule.offset_of)(&request);
        PagedRows {
            client,
            request,
            rule,
            page: None,
            offset,
            read_in_page: 0,
            previous_first: None,
            first: None,
            pages: 0,
            done: false,
        }
    }

    /// How many pages were asked for so far.
    pub fn pages_read(&self) -> usize {
        self.pages
    }

    /// The next row, asking for the next page when this one's rows are read; `None` once the
    /// pages end (an empty page, or the offset at the announced total); an error ends them.
    pub async fn next_row(&mut self) -> Option<Result<R, Error>> {
        loop {
            if self.done {
                return None;
            }
            let page = match &mut self.page {
                Some(page) => page,
                None => match self.open_page().await {
                    Ok(page) => page,
                    Err(error) => return self.fail(error),
                },
            };
            match page.next_row().await {
                Some(Ok(row)) => {
                    if self.read_in_page == 0 {
                        if self.previous_first.as_ref() == Some(&row) {
                            let error = Error::repeated_page(self.offset);
                            return self.fail(error.for_operation(E::OPERATION_ID));
                        }
                        self.first = Some(row.clone());
                    }
                    self.read_in_page += 1;
                    return Some(Ok(row));
                }
                Some(Err(error)) => return self.fail(error),
                None => self.end_page(),
            }
        }
    }

    async fn open_page(&mut self) -> Result<&mut RowStream<H, R>, Error> {
        (self.rule.set_offset)(&mut self.request, self.offset);
        let rule = &self.rule;
        let page = self
            .client
            .open_rows(
                &self.request,
                rule.array,
                rule.decode_header,
                rule.decode_row,
            )
            .await?;
        self.pages += 1;
        self.read_in_page = 0;
        Ok(self.page.insert(page))
    }

    /// A page's rows are read: the next page starts after them, unless this one was empty or
    /// the offset reached the total.
    fn end_page(&mut self) {
        let total = self.page.take().and_then(|page| {
            page.header()
                .and_then(|header| (self.rule.total_of)(header))
        });
        if self.read_in_page == 0 {
            self.done = true;
            return;
        }
        self.offset += self.read_in_page;
        self.previous_first = self.first.take();
        if total.is_some_and(|total| self.offset >= total) {
            self.done = true;
        }
    }

    fn fail<T>(&mut self, error: Error) -> Option<Result<T, Error>> {
        self.done = true;
        self.page = None;
        Some(Err(error))
    }
}

impl<E, H, R> std::fmt::Debug for PagedRows<E, H, R> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PagedRows")
            .field("array", &self.rule.array)
            .field("offset", &self.offset)
            .field("pages", &self.pages)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}
