import { AppError, ErrorCode } from '../../graphql/app-error.js';

export class SweepError extends AppError {
  static notFound(id: string): SweepError {
    return new SweepError(ErrorCode.NOT_FOUND, `no sweep with id ${id}`, { id });
  }

  static invalid(message: string): SweepError {
    return new SweepError(ErrorCode.BAD_USER_INPUT, message);
  }
}
