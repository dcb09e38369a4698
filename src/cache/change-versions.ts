import { CHANGE_TOPICS, topicsOf, type ChangeTopic } from '../readmodel/changes.js';
import type { Store } from '../store/store.js';

/**
 * When each part of the store last changed, as this process heard it: one counter that
 * every announced change moves (readmodel/changes.ts, on `rentgraph_records`; an
 * appended event, on `rentgraph_events`), and for each part the count at its last change.
 * A response built from parts none of which changed after its build began is still
 * true. This process hears its own writes at commit, before the write's caller goes on;
 * another replica's when Postgres delivers them (milliseconds); after the listener
 * reconnects (notifications may have been lost) every part counts as changed.
 */
export class ChangeVersions {
  private count = 0;
  private readonly changedAt = new Map<ChangeTopic, number>(CHANGE_TOPICS.map((topic) => [topic, 0]));
  private readonly stops: (() => void)[];

  constructor(private readonly store: Store) {
    this.stops = [
      store.listen('rentgraph_records', (payload) => this.changed(topicsOf(payload) ?? CHANGE_TOPICS)),
      store.listen('rentgraph_events', () => this.changed(['EVENTS'])),
    ];
  }

  /** The count now: what a response begun now is built on. */
  get now(): number {
    return this.count;
  }

  /**
   * Whether none of `topics` changed after `count`. False while this process cannot hear
   * changes (the store's listener is down): what others write meanwhile is not known.
   */
  unchangedSince(count: number, topics: Iterable<ChangeTopic>): boolean {
    if (!this.store.isOpen()) return false;
    for (const topic of topics) if (this.changedAt.get(topic)! > count) return false;
    return true;
  }

  changed(topics: readonly ChangeTopic[]): void {
    this.count++;
    for (const topic of topics) this.changedAt.set(topic, this.count);
  }

  close(): void {
    for (const stop of this.stops) stop();
  }
}
