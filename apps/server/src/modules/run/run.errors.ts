import { AppError, ErrorCode } from '../../graphql/app-error.js';

export class RunError extends AppError {
  static notFound(id: string): RunError {
    return new RunError(ErrorCode.NOT_FOUND, `no run with id ${id}`, { id });
  }

  static invalid(message: string): RunError {
    return new RunError(ErrorCode.BAD_USER_INPUT, message);
  }

  static alreadyFinished(id: string, status: string): RunError {
    return new RunError(
      ErrorCode.CONFLICT,
      `run ${id} is already ${status}; only QUEUED or RUNNING runs can be cancelled`,
    );
  }
}
