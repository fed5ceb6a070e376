import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { ID_PATTERN } from './feedback.dto';
import { IsPlausibleInstant } from './validators';

const ID_MESSAGE =
  '$property must be 1–128 characters: letters, digits and . _ : @ / + -, starting with a letter or digit';

/** A survey invitation an integrator sent (or is about to send), counted by the contact policy. */
export class InvitationDto {
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  @IsString()
  id!: string;

  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  @IsString()
  customerId!: string;

  @IsOptional()
  @MaxLength(64)
  @IsString()
  channel?: string;

  @IsOptional()
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  @IsString()
  touchpoint?: string;

  @IsOptional()
  @IsPlausibleInstant()
  sentAt?: string;
}

export class RawInvitationDto extends InvitationDto {
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  @IsString()
  tenantId!: string;
}
