import { AppError, ErrorCode } from '../../graphql/app-error.js';

export class MetricError extends AppError {
  static invalid(message: string): MetricError {
    return new MetricError(ErrorCode.BAD_USER_INPUT, message);
  }

  static runsNotFound(ids: string[]): MetricError {
    return new MetricError(ErrorCode.NOT_FOUND, `no run with id ${ids.join(', ')}`, { ids });
  }
}
