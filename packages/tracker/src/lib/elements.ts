/**
 * Calls `callback` for every element matching `selector`: those in the document now,
 * and those added later (a MutationObserver watches for them), as single-page apps and
 * lazy-loaded sections render after the script has run. An element may be passed more
 * than once (re-inserted, or inside several added subtrees): `callback` must be
 * idempotent, as `IntersectionObserver.observe` is.
 */
/**
 * Calls `callback` with the element matching `selector` that a click landed in (the
 * target or an ancestor). One listener on the document, in the capture phase, so that a
 * page that stops the click's propagation does not hide it.
 */
export function onClickInside(selector: string, callback: (element: HTMLElement) => void): void {
  document.addEventListener(
    'click',
    (event) => {
      // `closest` is missing when the target is not an element (the document itself).
      const element = (event.target as Element).closest?.(selector);
      if (element) callback(element as HTMLElement);
    },
    true,
  );
}

export function eachElement(selector: string, callback: (element: Element) => void): void {
  /** Visits `root` and its descendants; added text and comment nodes have neither method. */
  const visit = (root: Node): void => {
    if ((root as Element).matches?.(selector)) callback(root as Element);
    (root as Element).querySelectorAll?.(selector).forEach(callback);
  };
  visit(document);
  new MutationObserver((mutations) => {
    for (const mutation of mutations) mutation.addedNodes.forEach(visit);
  }).observe(document, { childList: true, subtree: true });
}
