import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ErrorResponse } from '@vitrine/schema';

/**
 * Where a report fetch stands:
 * - `idle`: the host lacks an input it needs (endpoint, site, …), so nothing was asked;
 * - `loading`: a request is in flight;
 * - `ready`: the report arrived and has something to show;
 * - `empty`: the report arrived but there is nothing to show for the period;
 * - `error`: the request failed; see {@link ReportController.error}.
 */
export type ReportStatus = 'idle' | 'loading' | 'ready' | 'empty' | 'error';

/** What to fetch: one `GET` of a report endpoint on a collector. */
export interface ReportRequest {
  /** The collector's base URL, e.g. `https://stats.example.com`. A path prefix is kept. */
  endpoint: string;
  /** The report's path, e.g. `FUNNEL_PATH` from `@vitrine/schema`. */
  path: string;
  /** Query parameters; `undefined` and empty values are left out (the server applies its defaults). */
  params: Record<string, string | undefined>;
  /** Bearer token for reading data. Sent in the `Authorization` header, never in the URL. */
  token?: string | undefined;
}

/** Options of a {@link ReportController}. */
export interface ReportControllerOptions<T> {
  /**
   * Builds the request from the host's current inputs, or returns `undefined` while
   * an input is missing. Called on every host update; the controller refetches only
   * when the resulting URL or token differ from the last request.
   */
  request: () => ReportRequest | undefined;
  /**
   * Checks the parsed JSON and returns it as a report; throws if it doesn't look like
   * one. The schema package only exports types, so this is where a widget guards
   * against a collector of another version.
   */
  parse?: (json: unknown) => T;
  /** Whether a report has nothing to show (status `empty` rather than `ready`). */
  isEmpty?: (report: T) => boolean;
}

/** Detail of the `vitrine-token-expired` event. */
export interface TokenExpiredDetail {
  /** The collector that refused the token, so a page with several can tell which to renew. */
  endpoint: string;
}

/** Why a report couldn't be loaded. */
export class ReportError extends Error {
  /**
   * @param status - the HTTP status, or 0 when no response arrived (network, CORS, bad URL)
   * @param code - the server's `error` code, or `network` / `invalid_response` / `invalid_endpoint`
   * @param reason - the server's human-readable `reason`, if it sent one
   */
  constructor(
    readonly status: number,
    readonly code: string,
    readonly reason?: string,
  ) {
    super(reason ? `${code}: ${reason}` : code);
    this.name = 'ReportError';
  }
}

/**
 * Builds the absolute URL of a report request. The endpoint may be relative to the
 * page (`/analytics`) and may carry a path prefix, which `new URL(path, endpoint)`
 * would drop, hence the string join.
 *
 * @throws TypeError if the endpoint isn't a valid URL
 */
export function reportUrl(request: ReportRequest): string {
  const url = new URL(request.endpoint.replace(/\/+$/, '') + request.path, document.baseURI);
  for (const [name, value] of Object.entries(request.params)) {
    if (value) url.searchParams.set(name, value);
  }
  return url.href;
}

/** A host the controller can drive: a Lit element, which is also where its events come from. */
export type ReportHost = ReactiveControllerHost & EventTarget;

/**
 * Fetches a report for its host element and keeps it in step with the host's inputs.
 *
 * It compares the request (URL and token) on every host update, before render, so a
 * change of any input refetches and that same render already shows `loading`. The
 * previous request is aborted first, and a response that arrives late for an aborted
 * request is ignored, so an old answer can never overwrite a newer one.
 *
 * Events, dispatched from the host (bubbling and composed, so a page can listen on
 * `document`):
 * - `vitrine-data` (detail: the report) once a report has arrived *and been rendered*,
 *   so a listener can read the host's shadow DOM right away;
 * - `vitrine-token-expired` (detail: {@link TokenExpiredDetail}) on a 401. Setting a
 *   new token on the host then refetches by itself; a new token while a report is
 *   shown is simply used for the next fetch, so rotating tokens doesn't reload charts.
 *
 * Generic over the report type so every widget (funnel, retention, trend, …) shares it.
 */
export class ReportController<T> implements ReactiveController {
  /** Where the fetch stands; read it in `render()`. */
  status: ReportStatus = 'idle';
  /** The report, when `status` is `ready` or `empty`. */
  data: T | undefined;
  /** Why it failed, when `status` is `error`. */
  error: ReportError | undefined;

  readonly #host: ReportHost;
  readonly #options: ReportControllerOptions<T>;
  /** URL of the current request; `undefined` forces a fetch on the next update. */
  #key: string | undefined;
  /** The token the current request was sent with. */
  #token: string | undefined;
  #abort: AbortController | undefined;

  /**
   * @param host - the element to fetch for; the controller registers itself on it
   * @param options - how to build the request and read the answer
   */
  constructor(host: ReportHost, options: ReportControllerOptions<T>) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** Fetches the current request again, e.g. from a Retry button. */
  retry(): void {
    this.#key = undefined;
    this.#host.requestUpdate();
  }

  /**
   * Fetches the current request again in the background (auto-refresh): the report on
   * screen stays, with no loading skeleton, until the new one replaces it. Does
   * nothing while idle or while a request is already in flight.
   */
  refresh(): void {
    if (this.status !== 'ready' && this.status !== 'empty') return;
    const request = this.#options.request();
    // The same request as the one shown (a changed one would have refetched in hostUpdate), so its URL is valid.
    if (request && !this.#abort) this.#start(request, reportUrl(request), true);
  }

  /** @internal Re-checks the request: a reconnected host may have been aborted while away. */
  hostConnected(): void {
    if (this.#key === undefined) this.#host.requestUpdate();
  }

  /** @internal Compares the request with the last one, and fetches when it changed. */
  hostUpdate(): void {
    const request = this.#options.request();
    let url: string | undefined;
    let key = '';
    if (request) {
      try {
        url = reportUrl(request);
        key = url;
      } catch {
        key = `invalid ${request.endpoint}`;
      }
    }
    // The token is not part of the key: apps that rotate short-lived tokens would
    // otherwise reload every chart on each rotation. A new token only matters after a
    // failure (typically the 401 that asked for it), so then it refetches.
    const renewed = this.status === 'error' && request?.token !== this.#token;
    if (key === this.#key && !renewed) return;
    this.#key = key;
    this.#token = request?.token;
    this.#start(request, url);
  }

  /** @internal Stops the request in flight; nobody is left to show its answer. */
  hostDisconnected(): void {
    if (this.#abort) {
      this.#abort.abort();
      this.#abort = undefined;
      // Fetch again if the element comes back (e.g. it was moved in the DOM).
      this.#key = undefined;
    }
  }

  #start(request: ReportRequest | undefined, url: string | undefined, quiet = false): void {
    this.#abort?.abort();
    this.#abort = undefined;
    if (!quiet) this.data = undefined;
    this.error = undefined;
    if (!request) {
      this.status = 'idle';
      return;
    }
    if (!url) {
      this.status = 'error';
      this.error = new ReportError(0, 'invalid_endpoint', `Not a valid URL: ${request.endpoint}`);
      return;
    }
    const abort = new AbortController();
    this.#abort = abort;
    if (!quiet) this.status = 'loading';
    void this.#fetch(request, url, abort.signal).then(async (outcome) => {
      // A newer request (or a disconnect) took over; its own outcome will be shown.
      if (abort.signal.aborted || abort !== this.#abort) return;
      this.#abort = undefined;
      if (outcome instanceof ReportError) {
        this.status = 'error';
        this.error = outcome;
        // Unless the host got a new token while this request was out: the update
        // requested below refetches with it, and nobody needs to be told.
        if (outcome.status === 401 && this.#options.request()?.token === request.token) {
          this.#dispatch<TokenExpiredDetail>('vitrine-token-expired', { endpoint: request.endpoint });
        }
        this.#host.requestUpdate();
        return;
      }
      this.status = this.#options.isEmpty?.(outcome) ? 'empty' : 'ready';
      this.data = outcome;
      this.#host.requestUpdate();
      await this.#host.updateComplete;
      if (this.data === outcome) this.#dispatch('vitrine-data', outcome);
    });
  }

  /** Resolves to the report or to a ReportError; never rejects (an abort resolves to an error nobody reads). */
  async #fetch(request: ReportRequest, url: string, signal: AbortSignal): Promise<T | ReportError> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (request.token) headers.Authorization = `Bearer ${request.token}`;
    let response: Response;
    try {
      response = await fetch(url, { headers, signal });
    } catch {
      // Offline, DNS, CORS refusal and aborts all land here; fetch doesn't say which.
      return new ReportError(0, 'network');
    }
    let json: unknown;
    try {
      json = await response.json();
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const body = (json ?? {}) as Partial<ErrorResponse>;
      return new ReportError(
        response.status,
        typeof body.error === 'string' ? body.error : `http_${response.status}`,
        typeof body.reason === 'string' ? body.reason : undefined,
      );
    }
    if (json === undefined) return new ReportError(response.status, 'invalid_response', 'The response is not JSON.');
    try {
      return this.#options.parse ? this.#options.parse(json) : (json as T);
    } catch (error) {
      return new ReportError(response.status, 'invalid_response', error instanceof Error ? error.message : undefined);
    }
  }

  #dispatch<D>(type: string, detail: D): void {
    this.#host.dispatchEvent(new CustomEvent<D>(type, { detail, bubbles: true, composed: true }));
  }
}
