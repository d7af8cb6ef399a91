/**
 * Keyboard navigation over a chart's points, for tooltips that work without a mouse:
 * ←/→ (or ↓/↑) move by one point, Home/End jump to the ends, Escape hides the tooltip.
 *
 * @param key - `KeyboardEvent.key`
 * @param index - the point shown now, or null when none is
 * @param length - how many points there are
 * @returns the point to show, `null` to hide the tooltip, or `undefined` when the key isn't ours (let it through)
 */
export function pointForKey(key: string, index: number | null, length: number): number | null | undefined {
  if (length === 0) return undefined;
  const last = length - 1;
  const from = index ?? last;
  const clamp = (value: number) => Math.max(0, Math.min(last, value));
  switch (key) {
    case 'ArrowLeft':
    case 'ArrowDown':
      return index === null ? last : clamp(from - 1);
    case 'ArrowRight':
    case 'ArrowUp':
      return index === null ? last : clamp(from + 1);
    case 'Home':
      return 0;
    case 'End':
      return last;
    case 'Escape':
      return null;
    default:
      return undefined;
  }
}
