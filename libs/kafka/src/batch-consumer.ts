/**
 * The handler side of the batch transport: the decorator that makes a `*.consumer.ts` class a
 * controller of batch handlers, and the context each call receives.
 */
import { Controller, UseFilters, applyDecorators, Catch, type RpcExceptionFilter } from '@nestjs/common';
import { BaseRpcContext } from '@nestjs/microservices';
import { throwError, type Observable } from 'rxjs';
import type { RecordBatch } from './records';

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
