/**
 * "You said, we did": when act publishes `cx.loop.closed.v1`, each customer it names who agreed
 * to be contacted on an answer, has an e-mail address and has not opted out gets the tenant's
 * message in their language, with a signed opt-out link to collect; the others are kept as
 * skipped with the reason. One message per loop and customer, whatever the redeliveries.
 */
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { LoopClosedV1 } from '@continuum/contracts';
import { signOptOutToken, ValidationProblem } from '@continuum/platform';
import { validatePayload } from '@continuum/contracts';
import { DataSource } from 'typeorm';
import { ListenConfig } from '../listen.config';
import { PseudonymsService } from '../pseudonyms/pseudonyms.service';
import { LoopMessagesRepository, type NewLoopMessage } from './loop-messages.repository';
import { DEFAULT_TEMPLATE, LoopTemplateDto, renderLoopMessage, type LoopTemplate } from './template';

@Injectable()
export class LoopMessagesService {
  constructor(
    private readonly repo: LoopMessagesRepository,
    private readonly cfg: ListenConfig,
    private readonly pseudonyms: PseudonymsService,
    private readonly ds: DataSource,
  ) {}

  async template(tenantId: string): Promise<LoopTemplate & { default: boolean }> {
    const t = await this.repo.template(tenantId);
    return t ? { ...t, default: false } : { ...DEFAULT_TEMPLATE, default: true };
  }

  async putTemplate(tenantId: string, body: unknown): Promise<LoopTemplate & { default: boolean }> {
    const v = validatePayload(LoopTemplateDto, body);
    if (!v.ok) throw new ValidationProblem(v.problems);
    const t: LoopTemplate = {
      subject: { it: v.value.subject.it, en: v.value.subject.en },
      body: { it: v.value.body.it, en: v.value.body.en },
    };
    await this.repo.saveTemplate(tenantId, t);
    return { ...t, default: false };
  }

  async onLoopClosed(loops: readonly LoopClosedV1[]): Promise<void> {
    for (const loop of loops) {
      const template = (await this.repo.template(loop.tenantId)) ?? DEFAULT_TEMPLATE;
      // act names customers as topics do (pseudonyms by default): listen's ids through the mapping.
      const ids = await this.pseudonyms.toCustomerIds(this.ds, loop.tenantId, loop.customers);
      const topicIdOf = new Map<string, string>();
      for (const [topicId, customerId] of ids)
        if (!topicIdOf.has(customerId)) topicIdOf.set(customerId, topicId);
      const recipients = await this.repo.recipients(loop.tenantId, [...topicIdOf.keys()]);
      const messages = recipients.map((r): NewLoopMessage => {
        const key = randomUUID();
        const language = r.language ?? 'it';
        const base = {
          tenantId: loop.tenantId,
          actionId: loop.actionId,
          customerId: r.customerId,
          topicCustomerId: topicIdOf.get(r.customerId)!,
          key,
          language,
        };
        const reason = r.optedOut
          ? 'opt-out'
          : !r.consented
            ? 'consent'
            : !r.email
              ? 'no-address'
              : !this.cfg.COLLECT_TOKEN_SECRET
                ? 'no-link-secret'
                : null;
        if (reason)
          return {
            ...base,
            channel: null,
            address: null,
            subject: null,
            body: null,
            status: 'skipped',
            reason,
          };
        const token = signOptOutToken(this.cfg.COLLECT_TOKEN_SECRET!, {
          t: loop.tenantId,
          k: key,
          l: language,
        });
        const mail = renderLoopMessage(
          template,
          language,
          { title: loop.title ?? loop.summary, summary: loop.summary },
          `${this.cfg.COLLECT_PUBLIC_URL}/o/${token}`,
        );
        return {
          ...base,
          channel: 'email',
          address: r.email,
          subject: mail.subject,
          body: mail.text,
          status: 'queued',
          reason: null,
        };
      });
      await this.repo.add(messages);
    }
  }
}
