import { AppError, ErrorCode } from '../../graphql/app-error.js';

export class DatasetError extends AppError {
  static notFound(id: string): DatasetError {
    return new DatasetError(ErrorCode.NOT_FOUND, `no dataset with id ${id}`, { id });
  }

  static builtinIsPermanent(name: string): DatasetError {
    return new DatasetError(
      ErrorCode.BAD_USER_INPUT,
      `dataset "${name}" is built in and cannot be deleted; only IMPORTED datasets can`,
    );
  }
}
