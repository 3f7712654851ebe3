import { useState } from 'react';
import { Button, Card, Space } from 'antd';
import { answer, api } from '../api/http';
import type { Dossier } from '../api/types';
import { FORM_TITLES, type FormNumber } from '../../../shared/domain/forms';
import { openPdf } from '../print';
import { ProblemAlert } from './ProblemAlert';

/** The forms of Circular 03/2025 this dossier has now, as the API derives them from its data. */
function formsOf(d: Dossier): FormNumber[] {
  // Forms 01, 06 and 07 name the appointment: a dossier waiting for its reception fees has none yet.
  const accepted = d.acceptedAt !== null && d.dueAt !== null;
  return [
    ...(accepted ? (['01'] as const) : []),
    ...(d.supplementRequest ? (['02'] as const) : []),
    ...(d.refusal ? (['03'] as const) : []),
    ...(d.extension ? (['04'] as const) : []),
    ...(d.withdrawal ? (['05'] as const) : []),
    ...(accepted ? (['06', '07'] as const) : []),
  ];
}

/** Print buttons: each form as the API's A4 PDF (national heading, issuing body, every field), opened to print. */
export function FormPrints({ dossier }: { dossier: Dossier }) {
  const [failure, setFailure] = useState<unknown>();
  const [busy, setBusy] = useState<FormNumber>();
  const forms = formsOf(dossier);
  if (forms.length === 0) return null;
  const open = async (form: FormNumber) => {
    setFailure(undefined);
    setBusy(form);
    try {
      const pdf = await answer(
        api.GET('/v1/communes/{c}/dossiers/{id}/forms/{form}', {
          params: { path: { c: dossier.commune, id: dossier.id, form } },
          headers: { accept: 'application/pdf' },
          parseAs: 'blob',
        }),
      );
      openPdf(pdf as unknown as Blob, `Mau-${form}-${dossier.code ?? dossier.id}.pdf`);
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <Card title={<h2 className="card-title">In biểu mẫu</h2>} style={{ marginTop: 16 }} data-testid="forms">
      <ProblemAlert error={failure} message="Không tải được biểu mẫu" />
      <Space wrap>
        {forms.map((form) => (
          <Button key={form} loading={busy === form} onClick={() => void open(form)} title={FORM_TITLES[form]}>
            Mẫu {form} — {FORM_TITLES[form]}
          </Button>
        ))}
      </Space>
    </Card>
  );
}
