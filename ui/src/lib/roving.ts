// A group of checkboxes as one stop on the Tab path: Tab enters the group
// at its current box and leaves it at the next group; the arrow keys, Home
// and End move between the boxes; Space ticks. A form of sixty codes is
// then a dozen Tabs long instead of a hundred.

/** The index of the box that takes the Tab stop: the one last focused,
 * else the first ticked, else the first. */
export function tabStop(count: number, current: number | null, ticked: boolean[]): number {
  if (current !== null && current >= 0 && current < count) return current;
  const first = ticked.findIndex(Boolean);
  return first >= 0 ? first : 0;
}

/** Where a key moves the focus from `at` among `count` boxes, or null when
 * the key is not one of the group's. */
export function moveBy(key: string, at: number, count: number): number | null {
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return (at + 1) % count;
    case 'ArrowLeft':
    case 'ArrowUp':
      return (at - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/** Handles a key on a box of the group `root` (the boxes are the
 * `input[type=checkbox]` inside it, in order). */
export function rovingKey(e: KeyboardEvent, root: HTMLElement | undefined, onmove: (to: number) => void) {
  if (!root || e.altKey || e.ctrlKey || e.metaKey) return;
  const boxes = [...root.querySelectorAll<HTMLInputElement>('input[type=checkbox]')];
  const at = boxes.indexOf(e.currentTarget as HTMLInputElement);
  if (at < 0) return;
  const to = moveBy(e.key, at, boxes.length);
  if (to === null) return;
  e.preventDefault();
  onmove(to);
  boxes[to].focus();
}
