import { Alert } from 'antd';
import { ApiError } from '../api/http';
import { shownProblem } from '../api/problems';

/** A refused call in the console's words: what failed, why (by the problem's type), and each invalid field. */
export function ProblemAlert({ error, message }: { error: unknown; message?: string }) {
  if (!error) return null;
  const problem = shownProblem(error instanceof ApiError ? error.problem : { title: '', status: 500 });
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="problem"
      style={{ marginBottom: 16 }}
      title={message ? `${message} — ${problem.title}` : problem.title}
      description={
        <>
          <div>{problem.detail}</div>
          {problem.fields.length ? (
            <ul style={{ margin: 0, paddingLeft: 20 }}>
              {problem.fields.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          ) : null}
        </>
      }
    />
  );
}
