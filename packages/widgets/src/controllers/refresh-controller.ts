import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Options of a {@link RefreshController}. */
export interface RefreshControllerOptions {
  /** Seconds between refreshes, read after every host update; 0, negative or NaN turns it off. */
  seconds: () => number | undefined;
  /** Called when a refresh is due while the page is visible. */
  refresh: () => void;
}

/**
 * Auto-refresh (`refresh="60"`): calls `refresh` every N seconds while the tab is
 * visible. A hidden tab is not polled (no reports fetched for nobody, no wasted server
 * work); a refresh that fell due while hidden runs as soon as the tab shows again.
 * Stops when the host disconnects.
 */
export class RefreshController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #options: RefreshControllerOptions;
  #seconds = 0;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** A refresh fell due while the tab was hidden. */
  #due = false;
  readonly #onVisibility = () => {
    if (!document.hidden && this.#due) {
      this.#due = false;
      this.#options.refresh();
    }
  };

  /**
   * @param host - the element to refresh; the controller registers itself on it
   * @param options - how often, and what to do
   */
  constructor(host: ReactiveControllerHost, options: RefreshControllerOptions) {
    this.#host = host;
    this.#options = options;
    host.addController(this);
  }

  /** @internal */
  hostConnected(): void {
    document.addEventListener('visibilitychange', this.#onVisibility);
    this.#host.requestUpdate();
  }

  /** @internal Restarts the timer when the interval changed. */
  hostUpdated(): void {
    const seconds = Number(this.#options.seconds()) || 0;
    if (seconds === this.#seconds && (this.#timer !== undefined) === seconds > 0) return;
    this.#stop();
    this.#seconds = seconds;
    if (seconds > 0) {
      this.#timer = setInterval(() => {
        if (document.hidden) this.#due = true;
        else this.#options.refresh();
      }, seconds * 1000);
    }
  }

  /** @internal */
  hostDisconnected(): void {
    document.removeEventListener('visibilitychange', this.#onVisibility);
    this.#stop();
    this.#seconds = 0;
  }

  #stop(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    this.#due = false;
  }
}
