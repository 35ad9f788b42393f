/**
 * Bulk export of an organisation's weighings over a recording-time range, as ndjson, csv or FHIR
 * R5 AuditEvent ndjson (docs/exports.md). Streamed from a database cursor: memory use does not
 * grow with the size of the range.
 */
import { pipeline, type Readable } from 'node:stream';
import { ExportRangeError } from '../errors.js';
import { type CsvDelimiter, type ExportFormat, formatter } from '../export/formats.js';
import type { ExportRepository } from '../repositories/export-repository.js';
import type { TenantRepository } from '../repositories/tenant-repository.js';
import { SERVICE_VERSION } from '../version.js';
import type { ProcessingContext, ProcessingLog } from './processing-log.js';

/** Thrown when every export connection is busy; the route answers 503. */
export { ExportCapacityError } from '../repositories/export-repository.js';

// Kept importable from here; the class lives with the other domain errors.
export { ExportRangeError };

export class BulkExportService {
  constructor(
    private readonly exports: ExportRepository,
    private readonly tenants: TenantRepository,
    private readonly options: { maxRangeDays: number },
    private readonly processingLog: ProcessingLog,
  ) {}

  /**
   * Opens the export. Every client whose weighings it holds is a data subject of this processing:
   * their LDV records are committed before the first row is sent (docs/ldv.md), for exactly the
   * rows the export streams.
   */
  async open(
    tenantId: string,
    format: ExportFormat,
    from: Date,
    to: Date,
    processing: ProcessingContext,
    delimiter: CsvDelimiter = 'comma',
  ): Promise<Readable> {
    if (from.getTime() >= to.getTime()) throw new ExportRangeError('from', 'must be before to');
    if (to.getTime() - from.getTime() > this.options.maxRangeDays * 86_400_000) {
      throw new ExportRangeError('to', `must be at most ${this.options.maxRangeDays} days after from`);
    }
    const tenant = await this.tenants.findById(tenantId);
    if (!tenant) throw new Error('the calling organisation does not exist');
    const records = await this.exports.streamAssessments(tenantId, from, to, (clients) =>
      this.processingLog.write(
        this.processingLog.records(
          'afwegingen-exporteren',
          processing,
          clients.map((dataSubjectId) => ({ dataSubjectId })),
        ),
      ),
    );
    const out = formatter(
      format,
      {
        tenantId,
        organisationName: tenant.name,
        serviceVersion: SERVICE_VERSION,
      },
      delimiter,
    );
    // An error on either side destroys both; the HTTP layer then cuts the response off.
    pipeline(records, out, () => undefined);
    return out;
  }
}
