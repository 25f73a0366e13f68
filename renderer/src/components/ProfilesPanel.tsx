// Saved servers in the sidebar: open one with one click (the form is filled), save the form as
// one, rename, duplicate, delete. Every action is a button or a small form, so the keyboard
// reaches all of it; Escape closes what is open. Where the keychain cannot keep a secret (the
// web bridge, Linux without a keyring), "Remember" is disabled with the reason beside it.
import { type FormEvent, type KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { LabStatus } from '../../../shared/ipc';
import { type ProfileList, type ProfileSummary, profileNameProblem } from '../../../shared/profile';
import { api } from '../bridge/api';
import type { FormState } from '../state/formState';
import { formFromProfile, profileFromForm, suggestedName } from '../state/profileForm';
import { UntrustedText, untrustedAttr } from './UntrustedText';
import './profiles.css';

interface Props {
  form: FormState;
  lab: LabStatus | null;
  /** A session is running: the form cannot be replaced now. */
  disabled: boolean;
  onOpen(form: FormState): void;
}

type Editing = { kind: 'rename' | 'duplicate' | 'delete'; name: string } | null;

const ACTIONS = [
  ['rename', 'Rename'],
  ['duplicate', 'Duplicate'],
  ['delete', 'Delete'],
] as const;

const target = (p: ProfileSummary) => `${p.host.includes(':') ? `[${p.host}]` : p.host}:${p.port}`;

/** A one-field form for a new name (rename, duplicate): Enter confirms, Escape cancels. */
function NameForm({
  label,
  initial,
  confirm,
  onSubmit,
  onCancel,
}: {
  label: string;
  initial: string;
  confirm: string;
  onSubmit(name: string): Promise<string | null>;
  onCancel(): void;
}) {
  const [name, setName] = useState(initial);
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const local = profileNameProblem(name.trim());
    setProblem(local ?? (await onSubmit(name.trim())));
  };
  return (
    <form className="profile-name-form" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onCancel()}>
      <label>
        {label}
        <input
          data-testid="profile-new-name"
          value={name}
          // biome-ignore lint/a11y/noAutofocus: the field the user just asked for; Escape leaves it.
          autoFocus
          spellCheck={false}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? 'profile-name-problem' : undefined}
        />
      </label>
      {problem && (
        <p className="hint warn" id="profile-name-problem" role="alert">
          <UntrustedText text={problem} />
        </p>
      )}
      <div className="profile-buttons">
        <button type="submit" className="primary" data-testid="profile-confirm">
          {confirm}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

/** "Save the form as a profile": a name, and "Remember" where the keychain can keep a secret. */
function SaveForm({
  form,
  keychain,
  onSaved,
  onCancel,
}: {
  form: FormState;
  keychain: ProfileList['keychain'];
  onSaved(summary: ProfileSummary): void;
  onCancel(): void;
}) {
  const [name, setName] = useState(() => suggestedName(form));
  const [remember, setRemember] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [exists, setExists] = useState(false);
  const hasSecret = Boolean(form.authPass || (form.proxyUrl.trim() && form.proxyPass));
  const save = async (replace: boolean) => {
    const built = profileFromForm(form);
    if ('problem' in built) return setProblem(built.problem);
    const local = profileNameProblem(name.trim());
    if (local) return setProblem(local);
    const result = await api.profilesSave({
      name: name.trim(),
      settings: built.settings,
      // Sent only to be sealed: without "Remember" main never sees the password.
      ...(remember && keychain.ok ? { secrets: built.secrets } : {}),
      remember: remember && keychain.ok,
      replace,
    });
    if (result.ok) return onSaved(result.value);
    setExists(result.code === 'PROFILE_EXISTS');
    setProblem(result.code === 'PROFILE_EXISTS' ? `${result.message}. Replace it with the form?` : result.message);
  };
  return (
    <form
      className="profile-save"
      aria-label="Save the form as a profile"
      data-testid="profile-save-form"
      onSubmit={(e) => {
        e.preventDefault();
        void save(false);
      }}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
    >
      <label>
        Profile name
        <input
          data-testid="profile-name"
          value={name}
          // biome-ignore lint/a11y/noAutofocus: the field the user just asked for; Escape leaves it.
          autoFocus
          spellCheck={false}
          onChange={(e) => {
            setName(e.target.value);
            setExists(false);
            setProblem(null);
          }}
        />
      </label>
      <label className="check">
        <input
          type="checkbox"
          data-testid="profile-remember"
          checked={remember && keychain.ok}
          disabled={!keychain.ok}
          aria-describedby="profile-remember-why"
          onChange={(e) => setRemember(e.target.checked)}
        />
        Remember the password{hasSecret ? '' : ' (none typed)'}
      </label>
      <p className="hint" id="profile-remember-why" data-testid="profile-remember-why">
        {keychain.ok
          ? `Kept by ${keychain.backend}, apart from the profile file. The file never holds a password.`
          : keychain.why}
      </p>
      {problem && (
        <p className="hint warn" role="alert" data-testid="profile-save-problem">
          <UntrustedText text={problem} />
        </p>
      )}
      <div className="profile-buttons">
        {exists ? (
          <button type="button" className="primary" data-testid="profile-replace" onClick={() => void save(true)}>
            Replace
          </button>
        ) : (
          <button type="submit" className="primary" data-testid="profile-save">
            Save
          </button>
        )}
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export function ProfilesPanel({ form, lab, disabled, onOpen }: Props) {
  const [list, setList] = useState<ProfileList | null>(null);
  const [loadProblem, setLoadProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [expanded, setExpanded] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [openProblem, setOpenProblem] = useState<string | null>(null);
  const saveButton = useRef<HTMLButtonElement>(null);
  const rowButtons = useRef(new Map<string, HTMLButtonElement>());

  const refresh = useCallback(async () => {
    const result = await api.profilesList();
    if (result.ok) {
      setList(result.value);
      setLoadProblem(null);
    } else setLoadProblem(result.message);
    return result.ok ? result.value : null;
  }, []);
  useEffect(() => {
    void refresh();
    // A profile saved meanwhile by the CLI (or another window) shows when the window is back.
    const onFocus = () => void refresh();
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [refresh]);

  /** Where the focus goes once the list is drawn again: a row's button, or Save (null). */
  const focusAfter = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (focusAfter.current === undefined) return;
    const name = focusAfter.current;
    focusAfter.current = undefined;
    ((name ? rowButtons.current.get(name) : undefined) ?? saveButton.current)?.focus();
  }, [list]);

  /** Back to the list, the focus on `name`'s button (or on Save, when it is gone). */
  const settle = async (message: string, focusName: string | null) => {
    setEditing(null);
    setExpanded(null);
    setStatus(message);
    focusAfter.current = focusName;
    await refresh();
  };

  const open = async (name: string) => {
    const result = await api.profilesOpen(name);
    if (!result.ok) return setOpenProblem(result.message);
    const { form: next, notApplied } = formFromProfile(result.value, lab, form);
    onOpen(next);
    const notes = [
      result.value.secretProblem,
      result.value.caProblem,
      notApplied.length
        ? `Kept in the file but not in the form, so Run here leaves them out: ${notApplied.join(', ')}.`
        : null,
    ].filter(Boolean);
    setOpenProblem(notes.length ? notes.join(' ') : null);
    setStatus(`Opened ${name}: the form is filled.`);
  };

  const act = async (kind: 'rename' | 'duplicate', from: string, to: string): Promise<string | null> => {
    const result = kind === 'rename' ? await api.profilesRename(from, to) : await api.profilesDuplicate(from, to);
    if (!result.ok) return result.message;
    await settle(kind === 'rename' ? `Renamed ${from} to ${to}.` : `Copied ${from} to ${to}.`, to);
    return null;
  };

  const remove = async (name: string) => {
    const result = await api.profilesDelete(name);
    if (!result.ok) return setOpenProblem(result.message);
    await settle(`Deleted ${name}.`, null);
  };

  const profiles = list?.profiles ?? [];
  const closeOnEscape = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !expanded) return;
    const name = expanded;
    setExpanded(null);
    setEditing(null);
    rowButtons.current.get(name)?.focus();
  };

  return (
    <section className="profiles" aria-labelledby="profiles-title" data-testid="profiles" onKeyDown={closeOnEscape}>
      <div className="profiles-head">
        <h2 id="profiles-title">Saved servers</h2>
        <button
          type="button"
          ref={saveButton}
          data-testid="profile-save-open"
          aria-expanded={saving}
          disabled={!list}
          onClick={() => {
            setSaving(!saving);
            setStatus(null);
          }}
        >
          Save form…
        </button>
      </div>
      {saving && list && (
        <SaveForm
          form={form}
          keychain={list.keychain}
          onCancel={() => {
            setSaving(false);
            saveButton.current?.focus();
          }}
          onSaved={(summary) => {
            setSaving(false);
            void settle(
              `Saved ${summary.name}${summary.remembered ? ', its password in the keychain' : ', without a password'}.`,
              summary.name,
            );
          }}
        />
      )}
      {loadProblem && (
        <p className="hint warn" role="alert">
          <UntrustedText text={loadProblem} />
        </p>
      )}
      {list && !profiles.length && !saving && (
        <p className="hint" data-testid="profiles-empty">
          None yet: fill in the form, then “Save form…”.
        </p>
      )}
      {profiles.length > 0 && (
        <ul className="profile-list" data-testid="profile-list">
          {profiles.map((p) => (
            <li key={p.name} data-testid="profile-item" data-name={p.name}>
              <div className="profile-row">
                <button
                  type="button"
                  className="profile-open"
                  data-testid="profile-open"
                  disabled={disabled}
                  title={untrustedAttr(
                    `Fill the form with ${p.name}: ${target(p)}, ${p.tls}${p.user ? `, user ${p.user}` : ''}`,
                  )}
                  ref={(el) => {
                    if (el) rowButtons.current.set(p.name, el);
                    else rowButtons.current.delete(p.name);
                  }}
                  onClick={() => void open(p.name)}
                >
                  <span className="profile-name">{p.name}</span>
                  <span className="profile-target">
                    <UntrustedText text={target(p)} /> · {p.tls}
                    {p.user !== null && (
                      <>
                        {' '}
                        · <UntrustedText text={p.user} />
                      </>
                    )}
                    {p.remembered && ' · password kept'}
                  </span>
                </button>
                <button
                  type="button"
                  className="profile-more"
                  data-testid="profile-actions"
                  aria-label={`More for ${p.name}: rename, duplicate, delete`}
                  aria-expanded={expanded === p.name}
                  onClick={() => {
                    setExpanded(expanded === p.name ? null : p.name);
                    setEditing(null);
                  }}
                >
                  ⋯
                </button>
              </div>
              {expanded === p.name && !editing && (
                <fieldset className="profile-actions">
                  <legend className="sr-only">{p.name}</legend>
                  {ACTIONS.map(([kind, label]) => (
                    <button
                      type="button"
                      key={kind}
                      className={kind === 'delete' ? 'danger' : undefined}
                      data-testid={`profile-${kind}`}
                      onClick={() => setEditing({ kind, name: p.name })}
                    >
                      {label}
                    </button>
                  ))}
                </fieldset>
              )}
              {editing?.name === p.name && editing.kind !== 'delete' && (
                <NameForm
                  label={editing.kind === 'rename' ? `New name for ${p.name}` : `Name of the copy of ${p.name}`}
                  initial={editing.kind === 'rename' ? p.name : `${p.name}-copy`.slice(0, 64)}
                  confirm={editing.kind === 'rename' ? 'Rename' : 'Duplicate'}
                  onSubmit={(to) => act(editing.kind as 'rename' | 'duplicate', p.name, to)}
                  onCancel={() => {
                    setEditing(null);
                    rowButtons.current.get(p.name)?.focus();
                  }}
                />
              )}
              {editing?.name === p.name && editing.kind === 'delete' && (
                <fieldset className="profile-confirm">
                  <legend className="sr-only">Delete {p.name}?</legend>
                  <p>
                    Delete <strong>{p.name}</strong>
                    {p.remembered ? ' and its remembered password' : ''}?
                  </p>
                  <div className="profile-buttons">
                    <button
                      type="button"
                      className="danger"
                      data-testid="profile-confirm"
                      // biome-ignore lint/a11y/noAutofocus: the confirmation the user just asked for.
                      autoFocus
                      onClick={() => void remove(p.name)}
                    >
                      Delete
                    </button>
                    <button
                      type="button"
                      onClick={() => {
                        setEditing(null);
                        rowButtons.current.get(p.name)?.focus();
                      }}
                    >
                      Cancel
                    </button>
                  </div>
                </fieldset>
              )}
            </li>
          ))}
        </ul>
      )}
      {list?.problems.length ? (
        <p className="hint warn" data-testid="profile-problems">
          Not profiles, left as they are:{' '}
          {list.problems.map((p, i) => (
            <span key={p.file}>
              {i > 0 && '; '}
              <UntrustedText text={`${p.file}: ${p.problem}`} />
            </span>
          ))}
        </p>
      ) : null}
      {openProblem && (
        <p className="hint warn" data-testid="profile-open-problem">
          <UntrustedText text={openProblem} />
        </p>
      )}
      <p className="hint" role="status" data-testid="profile-status">
        {status}
      </p>
    </section>
  );
}
