import type { ReactiveController, ReactiveControllerHost } from 'lit';
import uPlot from 'uplot';

/** Options of an {@link UplotController}; all are read lazily, after each host update. */
export interface UplotControllerOptions {
  /**
   * The element the chart goes into, in the host's shadow root (typically from a
   * `ref()`), or `undefined` while the host renders no chart (loading, error, …).
   * Its CSS size is the chart's size.
   */
  container: () => HTMLElement | undefined;
  /**
   * The data to plot, or `undefined` for none. Return the *same* array while the data
   * is unchanged: a new array means `setData()` and a redraw.
   */
  data: () => uPlot.AlignedData | undefined;
  /**
   * The chart's options, read once per chart creation; size comes from the container.
   * `zoom` (1 on screen) scales every length in CSS pixels (fonts, line widths,
   * paddings), so that {@link UplotController.png} can draw the same chart larger.
   */
  options: (zoom: number) => Omit<uPlot.Options, 'width' | 'height'>;
}

/**
 * Owns one uPlot chart for its host element, from creation to destruction.
 *
 * After every host update it looks at the container and the data: it creates the
 * chart when both exist, calls `setData()` when the data changed, and destroys the
 * chart when the container went away (the host rendered another state) or the host
 * left the document. A `ResizeObserver` on the container keeps the canvas at the
 * container's size, so layout stays in CSS.
 *
 * uPlot's stylesheet is not this controller's business: the host adopts it in its
 * `static styles` (`unsafeCSS(uplotCss)`), since the chart lives in the host's shadow root.
 */
export class UplotController implements ReactiveController {
  /** The live chart, if any (e.g. to `redraw()` after a theme change). */
  plot: uPlot | undefined;

  readonly #host: ReactiveControllerHost;
  readonly #options: UplotControllerOptions;
  #container: HTMLElement | undefined;
  #data: uPlot.AlignedData | undefined;
  readonly #resizeObserver: ResizeObserver;

  /**
   * @param host - the element that renders the container; the controller registers itself on it
   * @param options - where the chart goes, what it shows and how it looks
   */
  constructor(host: ReactiveControllerHost, options: UplotControllerOptions) {
    this.#host = host;
    this.#options = options;
    this.#resizeObserver = new ResizeObserver((entries) => {
      const box = entries[entries.length - 1]?.contentRect;
      if (box) this.#resize(Math.floor(box.width), Math.floor(box.height));
    });
    host.addController(this);
  }

  /** Destroys the chart so that the next host update builds it again, e.g. with new options. */
  reset(): void {
    this.#destroy();
    this.#host.requestUpdate();
  }

  /**
   * Draws the chart again into a PNG at `density` image pixels per CSS pixel (2 by
   * default, sharp on high-density screens and in slides, whatever this screen's
   * ratio). uPlot draws at the device's pixel ratio, so the copy is built with its
   * lengths scaled by `density / devicePixelRatio`, off-screen, then flattened on
   * `background` (a canvas is transparent; an image viewer would show it black).
   *
   * @returns the PNG, or `null` while there is no chart
   */
  async png(density = 2, background = '#fff'): Promise<Blob | null> {
    const plot = this.plot;
    const data = this.#data;
    if (!plot || !data) return null;
    const zoom = density / uPlot.pxRatio;
    const options = this.#options.options(zoom);
    let drawn!: () => void;
    const ready = new Promise<void>((resolve) => (drawn = resolve));
    const copy = new uPlot(
      {
        ...options,
        width: Math.round(plot.width * zoom),
        height: Math.round(plot.height * zoom),
        hooks: {
          ...options.hooks,
          // Under everything uPlot draws: the background.
          drawClear: [
            (u) => {
              u.ctx.fillStyle = background;
              u.ctx.fillRect(0, 0, u.ctx.canvas.width, u.ctx.canvas.height);
            },
          ],
          draw: [() => drawn()],
        },
      },
      data,
      document.createElement('div'),
    );
    try {
      await ready;
      return await new Promise<Blob | null>((resolve) => copy.ctx.canvas.toBlob(resolve, 'image/png'));
    } finally {
      copy.destroy();
    }
  }

  /** @internal A reconnected host needs its chart back: it was destroyed on disconnect. */
  hostConnected(): void {
    if (!this.plot) this.#host.requestUpdate();
  }

  /** @internal Creates, updates or destroys the chart to match the host's DOM and data. */
  hostUpdated(): void {
    const data = this.#options.data();
    const container = data ? this.#options.container() : undefined;
    if (container !== this.#container) {
      this.#destroy();
      this.#container = container;
      if (container) this.#resizeObserver.observe(container);
    }
    if (!container || !data) return;
    if (this.plot) {
      if (data !== this.#data) this.plot.setData(data);
      this.#data = data;
      return;
    }
    this.#data = data;
    // Creating now (rather than on the first resize callback) puts the canvas in the
    // same frame as the rest of the render; a container that isn't laid out yet
    // (width 0) gets its chart from the ResizeObserver instead.
    this.#resize(container.clientWidth, container.clientHeight);
  }

  /** @internal Frees the canvas and observers; nothing is drawn while disconnected. */
  hostDisconnected(): void {
    this.#destroy();
  }

  #resize(width: number, height: number): void {
    if (width <= 0 || height <= 0) return;
    if (this.plot) {
      if (width !== this.plot.width || height !== this.plot.height) this.plot.setSize({ width, height });
    } else if (this.#container && this.#data) {
      this.plot = new uPlot({ ...this.#options.options(1), width, height }, this.#data, this.#container);
    }
  }

  #destroy(): void {
    this.plot?.destroy();
    this.plot = undefined;
    this.#data = undefined;
    if (this.#container) this.#resizeObserver.unobserve(this.#container);
    this.#container = undefined;
  }
}
