import type { PersonalField } from "../lib/domain/types";
import { t } from "../lib/i18n/t";
import { personalInfoSchema, type PersonalInfo } from "../lib/protocol/commands";

/** The fields as typed, before they are checked. */
export type ProfileDraft = Record<PersonalField, string>;
export type ProfileErrors = Partial<Record<PersonalField, string>>;

export const EMPTY_PROFILE: ProfileDraft = { name: "", address: "", email: "" };

const { name, address } = personalInfoSchema.shape;
const ERRORS: Record<PersonalField, () => string> = {
  name: () => t("settings_nameError", name.maxLength ?? ""),
  address: () => t("settings_addressError", address.maxLength ?? ""),
  email: () => t("settings_emailError"),
};

export function profileDraft(profile: PersonalInfo | null): ProfileDraft {
  return profile ?? EMPTY_PROFILE;
}

/** Checks the draft with the settings' own schema; all fields empty means no profile. */
export function readProfile(draft: ProfileDraft): { profile: PersonalInfo | null } | { errors: ProfileErrors } {
  const trimmed: ProfileDraft = { name: draft.name.trim(), address: draft.address.trim(), email: draft.email.trim() };
  if (Object.values(trimmed).every((value) => value === "")) return { profile: null };
  const parsed = personalInfoSchema.safeParse(trimmed);
  if (parsed.success) return { profile: parsed.data };
  const errors: ProfileErrors = {};
  for (const issue of parsed.error.issues) {
    const field = issue.path[0] as PersonalField;
    errors[field] = ERRORS[field]();
  }
  return { errors };
}

export const profileFieldId = (idPrefix: string, field: PersonalField) => `${idPrefix}-profile-${field}`;

export interface DeliveryProfileFormProps {
  idPrefix: string;
  draft: ProfileDraft;
  errors: ProfileErrors;
  /** A profile is stored, so there is something to remove. */
  stored: boolean;
  onChange: (draft: ProfileDraft) => void;
  onRemove: () => void;
}


const AUTOCOMPLETE: Record<PersonalField, string> = { name: "name", address: "street-address", email: "email" };

/** The delivery profile (seed 000 claim 4): what a shop receives when the user confirms an order with it. */
export function DeliveryProfileForm({ idPrefix, draft, errors, stored, onChange, onRemove }: DeliveryProfileFormProps) {
  const headingId = `${idPrefix}-profile`;
  const field = (key: PersonalField) => {
    const id = profileFieldId(idPrefix, key);
    const error = errors[key];
    const common = {
      id,
      value: draft[key],
      autocomplete: AUTOCOMPLETE[key],
      "aria-invalid": error !== undefined,
      "aria-describedby": error ? `${id}-error` : undefined,
      onInput: (event: { currentTarget: HTMLInputElement | HTMLTextAreaElement }) =>
        onChange({ ...draft, [key]: event.currentTarget.value }),
    };
    return (
      <div class="field">
        <label for={id}>{t(`settings_field_${key}`)}</label>
        {key === "address" ? (
          <textarea rows={3} {...common} />
        ) : key === "email" ? (
          <input type="email" {...common} />
        ) : (
          <input type="text" {...common} />
        )}
        {error && (
          <p id={`${id}-error`} class="field-error">
            {error}
          </p>
        )}
      </div>
    );
  };
  return (
    <section class="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{t("settings_profileHeading")}</h2>
      <p>{t("settings_profileIntro")}</p>
      <div class="profile-fields">
        {field("name")}
        {field("address")}
        {field("email")}
      </div>
      {stored && (
        <div class="form-actions">
          <button type="button" class="button" onClick={onRemove}>
            {t("settings_removeDetails")}
          </button>
        </div>
      )}
    </section>
  );
}
