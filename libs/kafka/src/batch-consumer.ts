/**
 * The handler side of the batch transport: the decorator that makes a `*.consumer.ts` class a
 * controller of batch handlers, and the context each call receives.
 */
import {
  Controller,
  UseFilters,
  applyDecorators,
  Catch,
  Inject,
  type RpcExceptionFilter,
  type Type,
} from '@nestjs/common';
import { BaseRpcContext, EventPattern } from '@nestjs/microservices';
import { throwError, type Observable } from 'rxjs';
import type { CloudEvent, EventType, RecordRules, SelfChecking } from '@continuum/contracts';
import { consumeEvents } from './decode';
import { consumeRawRecords, type RawAccepted } from './raw-records';
import type { BatchOutcome, RecordBatch } from './records';

export class BatchContext extends BaseRpcContext<[RecordBatch, () => Promise<void>]> {
  get batch(): RecordBatch {
    return this.args[0];
  }
  heartbeat(): Promise<void> {
    return this.args[1]();
  }
}

/** Lets the original error reach the transport, which tells transient from poison by it. */
@Catch()
class RethrowFilter implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}

/** Marks a `*.consumer.ts` class: a controller of `@EventPattern(Topic.X)` batch handlers. */
export function BatchConsumer(): ClassDecorator {
  return applyDecorators(Controller(), UseFilters(new RethrowFilter()));
}

/**
 * The consumer class of a topic whose events go to one use case, as `consumeEvents` hands them:
 * `handle` receives the injected `useCase` and the valid events (a `{ refused }` answer dead-letters those).
 */
export function eventsConsumer<T extends EventType, S>(
  type: T,
  useCase: Type<S>,
  handle: (useCase: S, events: CloudEvent<T>[]) => Promise<unknown>,
  check?: (e: CloudEvent<T>) => string | null | undefined,
): Type<unknown> {
  @BatchConsumer()
  class EventsConsumer {
    constructor(@Inject(useCase) private readonly target: S) {}

    @EventPattern(type)
    onBatch(batch: RecordBatch): Promise<BatchOutcome> {
      return consumeEvents(batch, type, (events) => handle(this.target, events), check);
    }
  }
  // Nest names a controller by its class in its messages.
  Object.defineProperty(EventsConsumer, 'name', { value: `${type} consumer` });
  return EventsConsumer;
}

/** Who knows the tenants a raw record may name. */
export interface TenantLookup {
  tenantExists(tenantId: string): Promise<boolean>;
}

/**
 * The consumer class of a raw topic whose accepted records go to one use case, as
 * `consumeRawRecords` hands them (tenants checked with the injected `tenants`).
 */
export function rawRecordsConsumer<T extends SelfChecking & { readonly tenantId: string }, S>(
  topic: string,
  rules: RecordRules<T>,
  deps: { readonly useCase: Type<S>; readonly tenants: Type<TenantLookup> },
  handle: (useCase: S, accepted: RawAccepted<T>[]) => Promise<unknown>,
): Type<unknown> {
  @BatchConsumer()
  class RawRecordsConsumer {
    constructor(
      @Inject(deps.useCase) private readonly target: S,
      @Inject(deps.tenants) private readonly tenants: TenantLookup,
    ) {}

    @EventPattern(topic)
    onBatch(batch: RecordBatch): Promise<BatchOutcome> {
      return consumeRawRecords(
        batch,
        rules,
        (t) => this.tenants.tenantExists(t),
        (accepted) => handle(this.target, accepted),
      );
    }
  }
  Object.defineProperty(RawRecordsConsumer, 'name', { value: `${topic} consumer` });
  return RawRecordsConsumer;
}
