/** Numbers for documents about to be issued, through the invoice series decider (RULES.md 16). */
import { deterministicId } from '../../core/ids.ts';
import { WrongExpectedRevisionError, type EventStore, type EventMetadata } from '../../eventstore/port.ts';
import { invoiceSeriesDecider, issueDateBeforeSeries, seriesStream, type AssignNumbers, type NumbersAssigned, type SeriesState } from '../../domain/invoice-series/series.ts';

/**
 * Assigns numbers through the decider, keeping each series' state between calls so a run of
 * 100,000 invoices reads its series once, not once per invoice; on a conflict it reads only what
 * others appended since.
 */
export class NumberAllocator {
  private readonly series = new Map<string, { state: SeriesState; revision: number | null }>();

  constructor(private readonly eventStore: EventStore) {}

  async assign(command: Omit<AssignNumbers, 'type'>, metadata: Omit<EventMetadata, 'causationId'> & { causationId: string }): Promise<Map<string, string>> {
    const stream = seriesStream(command.legalEntityId, command.year);
    for (let attempt = 1; ; attempt++) {
      const cached = await this.catchUp(stream);
      const events = invoiceSeriesDecider.decide({ type: 'AssignNumbers', ...command }, cached.state);
      if (events.length > 0) {
        const event = events[0]!;
        try {
          // The id follows from the content and the revision: a retry of this very append is
          // recognised as stored, while a different decision at the same revision conflicts.
          await this.eventStore.append(stream, [{
            id: deterministicId('numbers', stream, String((cached.revision ?? -1) + 1), ...event.data.assignments.map((a) => a.documentId)),
            type: event.type,
            data: event.data,
            metadata,
          }], cached.revision === null ? 'noStream' : cached.revision);
        } catch (error) {
          if (!(error instanceof WrongExpectedRevisionError) || attempt >= 100) throw error;
        }
        // Read back what the series holds now (ours, or a competitor's first) and decide again.
        continue;
      }
      return new Map(command.documentIds.map((id) => [id, cached.state.byDocument.get(id)!]));
    }
  }

  /**
   * Why a document of the legal entity may not be dated `issueDate`, or null: numbers follow issue
   * dates, so not before the last document of its year's series, nor in a year whose next year's
   * series has begun.
   */
  async issueDateProblem(legalEntityId: string, issueDate: string): Promise<string | null> {
    const year = Number(issueDate.slice(0, 4));
    return issueDateBeforeSeries(await this.seriesOf(legalEntityId, year), issueDate)
      ?? ((await this.seriesOf(legalEntityId, year + 1)).lastSequence > 0 ? `${issueDate} is in ${year}, but legal entity ${legalEntityId} has issued documents dated ${year + 1} already` : null);
  }

  /** The series of a legal entity's year as stored now. */
  async seriesOf(legalEntityId: string, year: number): Promise<SeriesState> {
    return (await this.catchUp(seriesStream(legalEntityId, year))).state;
  }

  private async catchUp(stream: string): Promise<{ state: SeriesState; revision: number | null }> {
    let cached = this.series.get(stream);
    if (!cached) this.series.set(stream, (cached = { state: invoiceSeriesDecider.initialState(), revision: null }));
    const newer = await this.eventStore.readStream(stream, { fromRevision: (cached.revision ?? -1) + 1 });
    for (const event of newer) {
      invoiceSeriesDecider.evolve(cached.state, event as unknown as NumbersAssigned);
      cached.revision = event.revision;
    }
    return cached;
  }
}
