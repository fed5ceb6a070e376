/** Payloads of people's routes: a user's roles and teams, a new API key, a note on an action. */
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

export const ROLE_NAMES = ['viewer', 'agent', 'manager', 'admin'] as const;
export const KEY_SCOPE_NAMES = ['ingest', 'read', 'act', 'admin', 'ingest:widget'] as const;
/** A web origin as browsers send it: scheme, host and optional port, nothing after. */
export const ORIGIN_PATTERN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/;
/** Team ids as the journey map writes them. */
export const TEAM_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;

/** `PUT /v1/users`: a person's roles and teams, by their subject at the IdP or their e-mail. */
export class UserDto {
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  subject?: string;

  @IsOptional()
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email?: string;

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  @IsArray()
  @ArrayMaxSize(4)
  @IsIn(ROLE_NAMES, { each: true, message: `each role must be one of ${ROLE_NAMES.join(', ')}` })
  roles!: (typeof ROLE_NAMES)[number][];

  @IsArray()
  @ArrayMaxSize(100)
  @Matches(TEAM_PATTERN, {
    each: true,
    message: 'each team must be a team id (1–100 letters, digits, . _ : -)',
  })
  teams!: string[];
}

/** `POST /v1/keys`: a new API key of the caller's tenant. */
export class NewKeyDto {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(4)
  @IsIn(KEY_SCOPE_NAMES, { each: true, message: `each scope must be one of ${KEY_SCOPE_NAMES.join(', ')}` })
  scopes!: (typeof KEY_SCOPE_NAMES)[number][];

  /** A widget key's allowed origins (required with `ingest:widget`, refused otherwise). */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Matches(ORIGIN_PATTERN, {
    each: true,
    message: 'each origin must be a lowercase scheme://host[:port], e.g. https://shop.example, with no path',
  })
  origins?: string[];

  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;
}

/** `POST /v1/actions/:id/notes`: a note on an action's history. */
export class NoteDto {
  @IsString()
  @MinLength(1)
  @MaxLength(4000)
  text!: string;
}
