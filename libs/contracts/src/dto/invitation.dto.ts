import { IsIn, isEmail, IsOptional, IsString } from 'class-validator';
import { IsNonEmptyText } from './decorators';
import { IsId } from './feedback.dto';
import type { FieldProblem, SelfChecking } from './validate';
import { IsPlausibleInstant, IsStringMap, MaxChars } from './validators';

/** A phone number for `channel: sms`, in E.164 form (`+393471234567`). */
export const E164 = /^\+[1-9]\d{6,14}$/;
/** The channels Continuum sends invitations on itself (with an address). */
export const SENDING_CHANNELS = ['email', 'sms'] as const;

/** The languages survey pages and invitations are written in. */
export const SURVEY_LANGUAGES = ['it', 'en'] as const;
export type SurveyLanguage = (typeof SURVEY_LANGUAGES)[number];

/**
 * A survey invitation. Without `address` it is one an integrator sends itself (or is about to),
 * counted by the contact policy, which may refuse it; with `channel: email` (an e-mail address) or
 * `channel: sms` (an E.164 phone number) and an `address`, Continuum sends it, with the tenant's
 * survey for the touchpoint (or `survey`).
 */
export class InvitationDto implements SelfChecking {
  @IsId()
  id!: string;

  @IsId()
  customerId!: string;

  @IsOptional()
  @IsNonEmptyText(64)
  channel?: string;

  @IsOptional()
  @IsId()
  touchpoint?: string;

  @IsOptional()
  @IsPlausibleInstant()
  sentAt?: string;

  /** The customer's segment: segment rules of the contact policy apply to it. */
  @IsOptional()
  @IsStringMap(20, 100)
  segment?: Record<string, string>;

  /** Where Continuum sends the invitation: an e-mail address (`channel: email`) or a phone number (`sms`). */
  @IsOptional()
  @MaxChars(254)
  @IsString()
  address?: string;

  @IsOptional()
  @IsIn(SURVEY_LANGUAGES, { message: `language must be one of ${SURVEY_LANGUAGES.join(', ')}` })
  language?: SurveyLanguage;

  /** The survey to send (default: the tenant's survey serving the touchpoint). */
  @IsOptional()
  @IsId()
  survey?: string;

  problems(): FieldProblem[] {
    const out: FieldProblem[] = [];
    if (this.address !== undefined) {
      if (!(SENDING_CHANNELS as readonly (string | undefined)[]).includes(this.channel))
        out.push({ field: 'channel', reason: 'channel must be email or sms when an address is given' });
      else if (this.channel === 'email' && !isEmail(this.address))
        out.push({ field: 'address', reason: 'address must be an e-mail address' });
      else if (this.channel === 'sms' && !E164.test(this.address))
        out.push({
          field: 'address',
          reason: 'address must be a phone number in E.164 form, e.g. +393471234567',
        });
    }
    if (this.address !== undefined && this.sentAt !== undefined)
      out.push({
        field: 'sentAt',
        reason: 'sentAt is for invitations sent by others; Continuum sends this one',
      });
    return out;
  }
}

export class RawInvitationDto extends InvitationDto {
  @IsId()
  tenantId!: string;
}
